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
	if [ -n "${KERNEL_SRC:-}" ]; then
		TREE=$(cd "$KERNEL_SRC" && pwd)
	else
		TREE=$BUILD/$SERIES/linux
	fi
	OUT=$BUILD/$SERIES/out
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
