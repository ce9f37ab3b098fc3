#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build sparse from Debian's sparse source package (0.6.5~rc1 or newer):
# bookworm's 0.6.4 cannot parse Linux 7.x (__typeof_unqual__) and kbuild
# then silently skips checking. Prints the path of the sparse binary.
. "$(dirname "$0")/lib.sh"

dir=$BUILD/sparse
if [ -x "$dir/bin/sparse" ]; then
	echo "$dir/bin/sparse"
	exit 0
fi
need_cmd dpkg-source dpkg-dev
need_cmd make make
mkdir -p "$dir"
apt_config
ls "$APTDIR"/lists/*_sid_main_source_Sources* >/dev/null 2>&1 ||
	apt-get "${APT_OPTS[@]}" update >&2
(cd "$dir" && rm -rf src && mkdir src && cd src &&
	apt-get "${APT_OPTS[@]}" source --download-only sparse >&2 &&
	dpkg-source -x --no-check ./sparse_*.dsc sparse >&2 &&
	make -C sparse -j"$JOBS" CC=gcc HAVE_LLVM=no HAVE_SQLITE=no HAVE_GTK=no sparse >&2) ||
	die "could not build sparse from Debian's source package"
mkdir -p "$dir/bin"
cp "$dir/src/sparse/sparse" "$dir/bin/sparse"
"$dir/bin/sparse" --version >&2
echo "$dir/bin/sparse"
