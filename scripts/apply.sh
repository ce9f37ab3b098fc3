#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Apply patches/$SERIES onto the base with git am, on branch "series".
# Refuses to throw away commits on "series" that are not in patches/
# (run 'make export' first, or FORCE=1).
. "$(dirname "$0")/lib.sh"
series_config

need_cmd git git
is_git_tree "$TREE" || die "$TREE is not a git tree (run 'make fetch' or set KERNEL_SRC)"
cd "$TREE"

# A user's own tree: the base is their HEAD (or KERNEL_BASE), never reset.
if [ -n "${KERNEL_SRC:-}" ]; then
	base_ref=${KERNEL_BASE:-$(git rev-parse -q --verify "refs/tags/$BASE_REF" || git rev-parse HEAD)}
	git tag -f "$BASE_REF" "$base_ref" >/dev/null
fi
git rev-parse -q --verify "$BASE_REF^{commit}" >/dev/null || die "no base commit '$BASE_REF' in $TREE"

[ -d "$PATCHES" ] || die "apply: no series directory ${PATCHES#$TOP/} (SERIES=$SERIES)"
mapfile -t patches < <(series_patches)

# Exported patches write a blank context line as an empty line (export.sh),
# which git am takes as " " but git patch-id as the end of the patch.
patch_ids() { sed 's/^$/ /' | git patch-id --stable | awk '{print $1}'; }
want=$(for p in "${patches[@]}"; do patch_ids <"$p"; done)
# What this script last applied: the branch tip it left, stamped with a
# hash of the patch files, messages included (patch ids ignore messages).
stamps=$(git rev-parse --absolute-git-dir)/wb-stamps
files_key=$(key_of "${patches[@]}")
clean() { [ -z "$(git status --porcelain --untracked-files=no)" ]; }
if git rev-parse -q --verify refs/heads/series >/dev/null; then
	tip=$(git rev-parse series)
	if stamped "$stamps" applied "$files_key $tip" && clean; then
		git checkout -q series
		log "apply: $SERIES series already applied (${#patches[@]} patches)"
		exit 0
	fi
	# A branch as this script last left it holds nothing of the user's:
	# new patches (a git pull) simply replace it. Otherwise it is the
	# user's: already applied if it has the same patches, and kept
	# unless they are in patches/ (exported) or FORCE is set.
	if [ "$(head -n 1 "$stamps/applied" 2>/dev/null | cut -d' ' -f2)" != "$tip" ]; then
		have=$(git log --reverse --format=%H "$BASE_REF..series" |
			while read -r c; do git show "$c" | patch_ids; done)
		if [ "$have" = "$want" ] && clean; then
			git checkout -q series
			stamp "$stamps" applied "$files_key $tip"
			log "apply: $SERIES series already applied (${#patches[@]} patches)"
			exit 0
		fi
		if [ -n "$have" ] && [ -z "${FORCE:-}" ]; then
			extra=$(comm -23 <(echo "$have" | sort) <(echo "$want" | sort))
			[ -z "$extra" ] || die "branch 'series' in $TREE has commits that are not in patches/$SERIES: run 'make export SERIES=$SERIES' to keep them, or FORCE=1 to drop them"
		fi
	fi
fi
require_clean apply

mkdir -p "$BUILD/logs"
git am --abort >/dev/null 2>&1 || true
git checkout -q -B series "$BASE_REF"
# The series' author, from the cover letter (or the first patch, which
# may be an upstream backport by someone else). The From: header may be
# folded onto a second line (name, then address).
author_of=$PATCHES/0000-cover-letter.patch
[ -f "$author_of" ] || author_of=${patches[0]:-/dev/null}
author=$(awk '/^From: / { a = $0; getline n; if (n ~ /^[ \t]/) a = a n; sub(/^From: */, "", a); gsub(/[ \t]+/, " ", a); print a; exit }' \
	"$author_of" 2>/dev/null)
i=0
for p in "${patches[@]}"; do
	i=$((i + 1))
	# Committer = author and committer date = author date: re-applying the
	# same patches gives the same commit ids, so an export is a no-op.
	if ! GIT_COMMITTER_NAME="${author% <*}" GIT_COMMITTER_EMAIL="$(echo "$author" | sed 's/.*<\(.*\)>/\1/')" \
		git am -q --committer-date-is-author-date "$p" >"$BUILD/logs/am.log" 2>&1; then
		cat "$BUILD/logs/am.log" >&2
		git am --abort >/dev/null 2>&1 || true
		die "apply: patch $i/${#patches[@]} $(basename "$p") does not apply to $BASE_REF"
	fi
done
stamp "$stamps" applied "$files_key $(git rev-parse HEAD)"
log "apply: $SERIES: ${#patches[@]} patches applied on $BASE_REF ($(git rev-parse --short HEAD))"
