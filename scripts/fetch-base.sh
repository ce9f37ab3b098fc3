#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Download the pinned Debian linux-source package for $SERIES and unpack it
# as a git repo whose first commit is the base. No root needed: apt runs
# with a private configuration that reuses the machine's Debian mirror.
. "$(dirname "$0")/lib.sh"
series_config

[ -n "${KERNEL_SRC:-}" ] && { log "base: using KERNEL_SRC=$TREE"; exit 0; }

fallback_warning() {	# fallback_warning VERSION: said on every run that uses it
	log "WARNING: ******************************************************"
	log "WARNING: pinned $BASE_PKG $BASE_VER is gone from the mirror;"
	log "WARNING: using $1 instead (checksum not pinned)"
	log "WARNING: ******************************************************"
}

# .wb-base records what the tree was unpacked from: the pinned version, or
# the version it fell back to from that pin. A new pin unpacks again.
have=$(cat "$TREE/.wb-base" 2>/dev/null || true)
case "$have" in
"$BASE_PKG $BASE_VER")
	exit 0 ;;
"$BASE_PKG "*" fallback-from $BASE_VER")
	ver=${have#"$BASE_PKG "}
	fallback_warning "${ver%% *}"
	exit 0 ;;
esac

need_cmd apt-get apt
need_cmd git git
need_cmd xz xz-utils

APTDIR=$BUILD/apt
mkdir -p "$APTDIR/lists/partial" "$APTDIR/archives/partial" "$APTDIR/etc"

# The machine's configured Debian mirror (deb822 or one-line format).
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\?$/\1/p' \
	/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ {
	for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
[ -n "$mirror" ] || die "no Debian mirror configured in /etc/apt: cannot fetch $BASE_PKG"
# The machine's configured security mirror, for suites such as trixie-security.
secmirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian-security\)\/\?$/\1/p' \
	/etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$secmirror" ] || secmirror=$(awk '$1 == "deb" {
	for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\/.*\/debian-security\/?$/) { print $i; exit } }' \
	/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
secmirror=${secmirror%/}
case "$BASE_SUITE" in
*-security)
	[ -n "$secmirror" ] ||
		die "no Debian security mirror configured in /etc/apt: cannot fetch $BASE_PKG from $BASE_SUITE" ;;
esac

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
{
	echo "deb [signed-by=$keyring] $mirror trixie main"
	echo "deb [signed-by=$keyring] $mirror trixie-backports main"
	[ -z "$secmirror" ] || echo "deb [signed-by=$keyring] $secmirror trixie-security main"
	echo "deb-src [signed-by=$keyring] $mirror sid main"
} >"$APTDIR/etc/sources.list"
APT_OPTS=(-o Dir::Etc::SourceList="$APTDIR/etc/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$APTDIR/lists"
	-o Dir::Cache::Archives="$APTDIR/archives"
	-o Dir::Cache="$APTDIR"
	-o APT::Get::List-Cleanup=0
	-o Debug::NoLocking=1)
export APT_OPTS

# deb_of VERSION: the downloaded package of that version, if any.
deb_of() {
	local f
	for f in "$APTDIR/archives/${BASE_PKG}_"*.deb; do
		[ -f "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "$1" ] && { echo "$f"; return; }
	done
	return 0
}

ver=$BASE_VER
deb=$(deb_of "$BASE_VER")
if [ -z "$deb" ]; then
	run_logged apt-update apt-get "${APT_OPTS[@]}" update
	avail=$(apt-cache "${APT_OPTS[@]}" madison "$BASE_PKG" |
		awk -v s="$BASE_SUITE" '$0 ~ " " s "/" {print $3}')
	if ! printf '%s\n' "$avail" | grep -qxF "$BASE_VER"; then
		ver=$(printf '%s\n' "$avail" | sort -V | tail -n 1)
		[ -n "$ver" ] || die "$BASE_PKG is not available from $BASE_SUITE"
		fallback_warning "$ver"
	fi
	deb=$(deb_of "$ver")
	[ -n "$deb" ] || (cd "$APTDIR/archives" && run_logged apt-download \
		apt-get "${APT_OPTS[@]}" download "$BASE_PKG=$ver")
	deb=$(deb_of "$ver")
	[ -n "$deb" ] || die "apt downloaded no $BASE_PKG $ver"
fi
if [ "$ver" = "$BASE_VER" ]; then
	echo "$BASE_SHA256  $deb" | sha256sum -c --quiet - ||
		die "checksum mismatch for $deb (pinned $BASE_SHA256)"
	log "base: $(basename "$deb") (sha256 ok)"
fi

log "base: unpacking $BASE_PKG into ${TREE#$TOP/}"
rm -rf "$TREE" "$TREE.tmp"
mkdir -p "$TREE.tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$TREE.tmp" --wildcards './usr/src/*.tar.xz'
tar -xJf "$TREE.tmp"/usr/src/*.tar.xz -C "$TREE.tmp"
mv "$TREE.tmp"/linux-source-* "$TREE"
rm -rf "$TREE.tmp"

cd "$TREE"
# Debian's tarball ignores everything at the top level; the base commit must
# hold the whole tree, so drop that stanza and the packaging directory.
sed -i '/^# Debian packaging/,$d' .gitignore
git init -q -b series
# Fixed identity and date: the same package gives the same base commit id on
# every machine, so the base-commit line of the exported series is stable.
export GIT_AUTHOR_NAME=workbench GIT_AUTHOR_EMAIL=workbench@localhost
export GIT_COMMITTER_NAME=workbench GIT_COMMITTER_EMAIL=workbench@localhost
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
git add -A
git commit -q -m "$BASE_PKG $ver"
git tag -f base >/dev/null
if [ "$ver" = "$BASE_VER" ]; then
	echo "$BASE_PKG $ver" >.wb-base
else
	echo "$BASE_PKG $ver fallback-from $BASE_VER" >.wb-base
fi
echo .wb-base >>.git/info/exclude
log "base: $(git log --oneline -1)"
