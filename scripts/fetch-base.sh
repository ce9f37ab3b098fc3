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

# The base commit's subject says what the tree was unpacked from; a stamp
# says which pin a fallback version stood in for. A new pin unpacks again.
stamps=$TREE/.git/wb-stamps
have=
! is_git_tree "$TREE" || have=$(git -C "$TREE" log -1 --format=%s base -- 2>/dev/null || true)
[ "$have" != "$BASE_PKG $BASE_VER" ] || exit 0
if [ -n "$have" ] && stamped "$stamps" base "$BASE_PKG $BASE_VER"; then
	fallback_warning "${have#"$BASE_PKG "}"
	exit 0
fi

need_cmd apt-get apt
need_cmd git git
need_cmd xz xz-utils
apt_config

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
[ "$ver" = "$BASE_VER" ] || stamp "$stamps" base "$BASE_PKG $BASE_VER"
log "base: $(git log --oneline -1)"
