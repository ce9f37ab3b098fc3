#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Export branch "series" of the work tree to patches/$SERIES (or to the
# directory given as $1) with git format-patch --cover-letter --base.
# The cover letter's subject and text come from the existing
# 0000-cover-letter.patch, so exporting twice changes nothing.
. "$(dirname "$0")/lib.sh"
series_config

dest=${1:-$PATCHES}
cd "$TREE"
n=$(git rev-list --count "$BASE_REF..series")
if [ "$n" -eq 0 ]; then
	mkdir -p "$dest"
	PATCHES=$dest series_patches | xargs -r rm -f
	rm -f "$dest/0000-cover-letter.patch"
	log "export: the series is empty: nothing to export to ${dest#$TOP/}"
	exit 0
fi

# Subject and body of the current cover letter, as a branch description.
cover=$PATCHES/0000-cover-letter.patch
desc=$(mktemp)
if [ -f "$cover" ]; then
	awk '
	/^Subject: / { sub(/^Subject: \[[^]]*\] /, ""); subj = $0; insub = 1; next }
	insub && /^ / { sub(/^ /, ""); subj = subj " " $0; next }
	insub && /^$/ { insub = 0; print subj; print ""; body = 1; next }
	insub { insub = 0 }
	body && /^[^ ].* \([0-9]+\):$/ { exit }
	body { print }
	' "$cover" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$desc"
else
	printf '%s\n\n%s\n' "arm-smmu: fault handling under runtime PM" "*** BLURB HERE ***" >"$desc"
fi
git config branch.series.description "$(cat "$desc")"
rm -f "$desc"

# The series' subject prefix, e.g. [TOPIC 6.12.y 01/42] (series_config).
prefix=${SUBJECT_PREFIX:-PATCH}

tmp=$(mktemp -d)
# The cover letter is dated "now" unless told otherwise: date it like the
# newest commit of the series' author so that an unchanged series exports
# unchanged. Its From: is the committer: the series' author, as the current
# cover letter names it, not whoever exports, nor the author of an upstream
# backport that may come last.
c_name=$(git log -1 --format=%an series)
c_email=$(git log -1 --format=%ae series)
if [ -f "$cover" ]; then
	from=$(awk '/^From: / { a = $0; getline n; if (n ~ /^[ \t]/) a = a n; sub(/^From: */, "", a); gsub(/[ \t]+/, " ", a); print a; exit }' "$cover")
	case "$from" in
	*"<"*">") c_name=${from% <*}; c_email=${from##*<}; c_email=${c_email%>} ;;
	esac
fi
c_date=$(git log -1 --author="<$c_email>" --format=%aD series)
[ -n "$c_date" ] || c_date=$(git log -1 --format=%aD series)
GIT_COMMITTER_DATE=$c_date \
GIT_COMMITTER_NAME=$c_name \
GIT_COMMITTER_EMAIL=$c_email \
git -c core.abbrev=12 format-patch -q --cover-letter --cover-from-description=subject \
	--subject-prefix="$prefix" \
	--base="$BASE_REF" --no-signature --zero-commit -o "$tmp" "$BASE_REF..series"
# A blank context line is " ": checkpatch.pl run on the files from inside
# this repository, which tracks them, takes each one for a source file
# (git_is_single_file()) and every such line for trailing whitespace. Write
# it as an empty line, which git am reads as the same context line, as it
# does for mail that lost the space; the lint itself checks the commits.
sed -i 's/^ $//' "$tmp"/*.patch
mkdir -p "$dest"
PATCHES=$dest series_patches | xargs -r rm -f
cp "$tmp"/*.patch "$dest"/
rm -rf "$tmp"
log "export: $n patches + cover letter -> ${dest#$TOP/}"
