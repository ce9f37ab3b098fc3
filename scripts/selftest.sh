#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Self-test of the workbench: append one deliberately broken patch to the
# mainline series and check that the step meant to catch it fails, with a
# message naming the step and the patch. Four kinds of breakage: the patch
# does not apply, does not build, adds a checkpatch warning and a badly
# formed commit reference, or fails a KUnit case. Also: a git worktree is
# taken as KERNEL_SRC, a directory that is not the top of a git tree is
# not. Expects the series applied and built (make check runs it after the
# series' own checks); the tree is put back on the real series after.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
SERIES=mainline
series_config

DRIVER=drivers/iommu/arm/arm-smmu/arm-smmu.c
cd "$TREE"
require_clean selftest
git rev-parse -q --verify series >/dev/null || die "selftest: apply the series first"

mapfile -t series < <(series_patches)
n=$((${#series[@]} + 1))
tip=$(git rev-parse series)
tmp=$(mktemp -d)
# put_back: the real series on branch "series" again, checked by patch-id
put_back() {
	git -C "$TREE" checkout -q -f series &&
		FORCE=1 SERIES_DIR= "$TOP/scripts/apply.sh" >/dev/null 2>&1 &&
		[ "$(git -C "$TREE" rev-list --count "$BASE_REF"..series)" -eq $((n - 1)) ] &&
		[ "$(git -C "$TREE" diff "$tip" series | wc -c)" -eq 0 ]
}
cleanup() {
	local rc=$?
	rm -rf "$tmp"
	[ "$rc" -eq 0 ] && return 0
	put_back || log "selftest: could not put the real series back: run 'FORCE=1 make apply'"
	exit 1
}
trap cleanup EXIT

# broken KIND SUBJECT PYTHON-EDIT [MESSAGE]: a series directory $tmp/KIND
# holding the real patches plus patch $n, which makes PYTHON-EDIT (on "src",
# the text of $DRIVER) on top of the series; MESSAGE opens its body.
wb_id=$(awk '/^From: / { id = substr($0, 7); getline; if (/^ /) id = id $0; print id; exit }' \
	"$PATCHES/0000-cover-letter.patch")

broken() {
	local kind=$1 subject=$2 edit=$3 msg=(${4:+-m "$4"}) dir=$tmp/$1
	mkdir -p "$dir"
	cp "${series[@]}" "$dir/"
	git checkout -q --detach "$tip"
	python3 -c "
import sys
p = sys.argv[1]
src = old = open(p).read()
$edit
if src == old:
    sys.exit('selftest: the $kind edit does not match ' + p)
open(p, 'w').write(src)" "$DRIVER"
	# As the series' own patches: by the workbench's identity, whose
	# patches are not upstream backports to the lint
	git -c user.name="${wb_id% <*}" -c user.email="$(sed 's/.*<\(.*\)>/\1/' <<<"$wb_id")" \
		commit -q -a \
		-m "$subject" "${msg[@]}" -m "Deliberately broken, see scripts/selftest.sh." \
		-m "Signed-off-by: $wb_id"
	git format-patch -q --zero-commit --no-signature --start-number "$n" \
		-o "$dir" -1 HEAD
	git checkout -q -f series
}

pass=0 fail=0
# expect WHAT PATTERN CMD...: CMD fails and says PATTERN;
# with OK=1, CMD succeeds and says PATTERN.
expect() {
	local what=$1 pattern=$2 out rc=0 ok want="a failure" said=caught
	shift 2
	out=$("$@" 2>&1) || rc=$?
	ok=$((rc != 0))
	[ -z "${OK:-}" ] || { ok=$((rc == 0)); want=success; said=accepted; }
	if [ "$ok" -eq 1 ] && grep -qF -- "$pattern" <<<"$out"; then
		log "selftest: $what: $said: $(grep -F -- "$pattern" <<<"$out" | head -n 1)"
		pass=$((pass + 1))
	else
		echo "$out" | tail -n 20
		log "selftest: FAILED: $what: expected $want saying '$pattern' (exit $rc)"
		fail=$((fail + 1))
	fi
}

# A git worktree's .git is a file; a directory inside a tree is no tree.
git init -q "$tmp/repo"
git -C "$tmp/repo" -c user.name=selftest -c user.email=selftest@invalid \
	commit -q --allow-empty -m base
git -C "$tmp/repo" worktree add -q --detach "$tmp/worktree"
mkdir -p "$tmp/repo/sub" "$tmp/empty"
OK=1 expect "a git worktree as KERNEL_SRC" "apply: $SERIES: 0 patches applied on wb-base-$SERIES" \
	env KERNEL_SRC="$tmp/worktree" SERIES_DIR="$tmp/empty" "$TOP/scripts/apply.sh"
expect "a directory inside a git tree as KERNEL_SRC" "$tmp/repo/sub is not a git tree" \
	env KERNEL_SRC="$tmp/repo/sub" SERIES_DIR="$tmp/empty" "$TOP/scripts/apply.sh"

# An overlong comment is a warning; a commit reference without its title
# an error, a stable backport's "commit <sha> upstream." line is not.
add_comment='src = src.replace("#define pr_fmt", "/* selftest: " + "x" * 100 + " */\n#define pr_fmt", 1)'
broken checkpatch "iommu/arm-smmu: Add an overlong comment" "$add_comment" \
	"commit $(git rev-parse "$BASE_REF") upstream.

It undoes what commit 0123456789ab did."
expect "a patch with a checkpatch warning and a bare commit id" \
	"checkpatch --strict: patch $n/$n iommu/arm-smmu: Add an overlong comment: 1 errors, 1 warnings, 0 checks" \
	bash -c 'SERIES_DIR="$0" FORCE=1 "$1/scripts/apply.sh" && "$1/scripts/lint.sh" checkpatch' \
	"$tmp/checkpatch" "$TOP"

broken build "iommu/arm-smmu: Break the build" \
	'src = src.replace("#define pr_fmt", "#error deliberately broken\n#define pr_fmt", 1)'
p=$(ls "$tmp/build/$(printf %04d "$n")"-*.patch)
# The same patch with a context line that is not in the driver
mkdir -p "$tmp/apply"
cp "${series[@]}" "$tmp/apply/"
sed 's/^ #define pr_fmt.*/ #define pr_fmt(fmt) "not in the driver: " fmt/' "$p" >"$tmp/apply/$(basename "$p")"
expect "a patch that does not apply" "apply: patch $n/$n $(basename "$p") does not apply" \
	env SERIES_DIR="$tmp/apply" FORCE=1 "$TOP/scripts/apply.sh"
expect "a patch that does not build" "bisect: patch $n/$n: iommu/arm-smmu: Break the build does not build" \
	bash -c 'SERIES_DIR="$0" FORCE=1 "$1/scripts/apply.sh" && BISECT_FROM="$2" "$1/scripts/bisect.sh"' \
	"$tmp/build" "$TOP" "$n"

broken kunit "iommu/arm-smmu: Terminate stalls the client asked to retry" \
	'src = src.replace("retry ? 0 : ARM_SMMU_RESUME_TERMINATE", "ARM_SMMU_RESUME_TERMINATE", 1)'
expect "a patch that fails a KUnit case" \
	"bisect: patch $n/$n: iommu/arm-smmu: Terminate stalls the client asked to retry fails the KUnit suite" \
	bash -c 'SERIES_DIR="$0" FORCE=1 "$1/scripts/apply.sh" && BISECT_FROM="$2" "$1/scripts/bisect.sh"' \
	"$tmp/kunit" "$TOP" "$n"

if put_back; then
	log "selftest: the real series is back on branch series"
	pass=$((pass + 1))
else
	log "selftest: FAILED: could not put the real series back: run 'FORCE=1 make apply'"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
