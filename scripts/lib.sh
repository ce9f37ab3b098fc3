# SPDX-License-Identifier: GPL-2.0
# Common helpers for the workbench scripts. Sourced, not run.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SERIES=${SERIES:-mainline}
JOBS=${JOBS:-$(nproc)}
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# ccache keys on the compiler command line and preprocessed source; the
# trees are recreated on every run, so hash relative paths only.
export CCACHE_BASEDIR=$BUILD
export CCACHE_NOHASHDIR=1
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros,include_file_mtime,include_file_ctime}
# Depend mode hashes the headers gcc reports (kbuild always asks for a
# dependency file) instead of running the preprocessor once more on a
# miss, which made a cold arm64 build of kernel/ and mm/ a quarter faster.
export CCACHE_DEPEND=true

T0=${WB_T0:-$(date +%s)}
export WB_T0=$T0

# The series, its base package and pinned version/checksum.
series_config() {
	case "$SERIES" in
	mainline)
		BASE_PKG=linux-source-7.3
		BASE_VER=7.3.4-1~bpo13+1
		BASE_SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
		BASE_SUITE=trixie-backports
		SUBJECT_PREFIX=PATCH
		;;
	6.12)
		BASE_PKG=linux-source-6.12
		BASE_VER=6.12.118-1
		BASE_SHA256=b75bb2e78a5c7762254e2af7685085c788a67eb342cb4092ad2a05eaf9fc33b7
		BASE_SUITE=trixie-security
		# A downstream topic series, not mail for stable
		SUBJECT_PREFIX="TOPIC 6.12.y"
		;;
	*)
		die "unknown SERIES '$SERIES' (mainline or 6.12)"
		;;
	esac
	# SERIES_DIR: another directory of patches for the series (the
	# workbench's self-test uses it for deliberately broken ones)
	PATCHES=${SERIES_DIR:-$TOP/patches/$SERIES}
	# The series is branch "series" on top of BASE_REF: the Debian
	# import, or in a user's own tree the commit apply.sh started from.
	if [ -n "${KERNEL_SRC:-}" ]; then
		TREE=$(cd "$KERNEL_SRC" && pwd -P)
		BASE_REF=wb-base-$SERIES
	else
		TREE=$BUILD/$SERIES/linux
		BASE_REF=base
	fi
	OUT=$BUILD/$SERIES/out
}

# The build matrix: every configs/NAME.config (see build.sh).
matrix() {
	local f
	for f in "$TOP"/configs/*.config; do
		basename "$f" .config
	done
}

# The KUnit runs (see kunit.sh) and the linters (see lint.sh).
KUNIT_RUNS=(uml uml-nosleep arm64)
LINTS=(checkpatch sparse coccicheck kernel-doc)

# The patch files of the series, in order, without the cover letter.
series_patches() {
	local p
	for p in "$PATCHES"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -f "$p" ] && [ "${p##*/}" != 0000-cover-letter.patch ] && echo "$p"
	done
	return 0
}

# is_git_tree DIR: DIR is the top of a git work tree (a clone, or a
# checkout made with git worktree, whose .git is a file).
is_git_tree() {
	[ "$(git -C "$1" rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$1" && pwd -P)" ]
}

# require_clean WHAT: stop if the tree has uncommitted changes.
require_clean() {
	[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
		die "$1: $TREE has uncommitted changes: commit or stash them first"
}

# Stamps: a step that completed with the same inputs before is not run
# again. A stamp is a file holding a key, a hash of the step's inputs; it
# lives next to what it describes (DIR: the tree's git directory for the
# tree, $OUT/stamps for build output), so removing that removes it too.
key_of() {	# key_of WORD|/FILE...: files (absolute paths) count by content
	local a
	for a in "$@"; do
		printf '%s\n' "$a"
		case "$a" in /*) [ ! -f "$a" ] || cat "$a" ;; esac
	done | sha256sum | cut -c1-16
}
stamped() {	# stamped DIR NAME KEY
	[ -f "$1/$2" ] && [ "$(head -n 1 "$1/$2")" = "$3" ]
}
stamp() {	# stamp DIR NAME KEY [NOTE]: NOTE goes on a second line
	mkdir -p "$1"
	printf '%s\n' "$3" ${4:+"$4"} >"$1/$2"
}

# apt with a private configuration under $BUILD/apt that reuses the
# machine's Debian mirror: no root needed, system sources untouched.
apt_config() {
	APTDIR=$BUILD/apt
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/archives/partial" "$APTDIR/etc"
	APT_OPTS=(-o Dir::Etc::SourceList="$APTDIR/etc/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$APTDIR/lists"
		-o Dir::Cache::Archives="$APTDIR/archives"
		-o Dir::Cache="$APTDIR"
		-o APT::Get::List-Cleanup=0
		-o Debug::NoLocking=1)
	[ -f "$APTDIR/etc/sources.list" ] && return 0
	local mirror secmirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	# The machine's configured Debian mirror (deb822 or one-line format).
	mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\?$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ {
		for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || die "no Debian mirror configured in /etc/apt"
	# The machine's configured security mirror, for suites such as
	# trixie-security.
	secmirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian-security\)\/\?$/\1/p' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$secmirror" ] || secmirror=$(awk '$1 == "deb" {
		for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian-security\/?$/) { print $i; exit } }' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
	secmirror=${secmirror%/}
	case "${BASE_SUITE:-}" in
	*-security)
		[ -n "$secmirror" ] ||
			die "no Debian security mirror configured in /etc/apt: cannot fetch from $BASE_SUITE" ;;
	esac
	{
		echo "deb [signed-by=$keyring] $mirror trixie main"
		echo "deb [signed-by=$keyring] $mirror trixie-backports main"
		[ -z "$secmirror" ] || echo "deb [signed-by=$keyring] $secmirror trixie-security main"
		echo "deb-src [signed-by=$keyring] $mirror sid main"
	} >"$APTDIR/etc/sources.list"
}

elapsed() {
	local s=$(( $(date +%s) - T0 ))
	printf '%02d:%02d' $((s / 60)) $((s % 60))
}

log() { printf '[%s] %s\n' "$(elapsed)" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(elapsed)" "$*" >&2; exit 1; }

# need_cmd CMD PACKAGE: stop with the exact install line when a tool is missing.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 && return 0
	die "'$1' not found: install it with 'apt-get install $2' (or run 'make deps' as root)"
}

# try_logged NAME CMD...: run a long step, keep its output in a log file,
# print a heartbeat so a user sees progress; on failure show the tail and
# return the command's status.
try_logged() {
	local name=$1; shift
	local logf=$BUILD/logs/$name.log
	mkdir -p "$BUILD/logs"
	log "$name: started (log: ${logf#$TOP/})"
	"$@" >"$logf" 2>&1 &
	local pid=$! n=0 rc=0
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
		[ $((n % 60)) -eq 0 ] && log "$name: still running ($((n / 60)) min)"
	done
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$logf" >&2
		log "$name: FAILED (full log: ${logf#$TOP/})"
		return "$rc"
	fi
	log "$name: done"
}

# run_logged NAME CMD...: as try_logged, but stop on failure.
run_logged() {
	try_logged "$@" || die "$1 failed"
}
