#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Lint the series with the kernel's own tools.
#   lint.sh checkpatch    checkpatch.pl --strict on every commit of the series
#   lint.sh sparse        make C=2 on drivers/iommu/arm/arm-smmu/ (arm64-smmu build)
#   lint.sh coccicheck    the kernel's coccinelle scripts, report mode
#   lint.sh kernel-doc    kernel-doc -Wall on the files the series changes
#   lint.sh all           each of them in turn
# Each exits non-zero with the offending lines when anything is reported.
. "$(dirname "$0")/lib.sh"
series_config
DIR=drivers/iommu/arm/arm-smmu

changed_files() {
	git -C "$TREE" diff --name-only --diff-filter=AM "$BASE_REF" series -- '*.c' '*.h'
}

# Documented checkpatch exceptions, the same for every patch:
#  UNKNOWN_COMMIT_ID   the base is a Debian source tree without upstream git
#                      history, so every Fixes: id is "unknown" to it;
#  CAMELCASE           the driver's register macros follow the architecture's
#                      register names (ARM_SMMU_GR0_sGFSR, ARM_SMMU_sCR0_GFIE);
#  FILE_PATH_CHANGES   new files under drivers/iommu/arm/ are covered by the
#                      existing "ARM SMMU DRIVERS" F: entry;
#  and the first line of a stable backport, "commit <sha> upstream.", which
#  is not a reference to describe but the form stable-kernel-rules asks for.
CHECKPATCH_IGNORE=CAMELCASE,FILE_PATH_CHANGES
[ -n "${KERNEL_SRC:-}" ] || CHECKPATCH_IGNORE+=,UNKNOWN_COMMIT_ID

# checkpatch.pl --strict on each commit, twice. Inside the tree, as a
# developer runs it. Then outside any git tree for the style of commit
# references (GIT_COMMIT_ID) only: git_commit_info() skips that check for a
# commit the tree's git does not know, which in the Debian base is every
# upstream commit; without git it checks the form of each reference.
lint_checkpatch() {
	local c i=0 n subj out total bad=0 nogit=$OUT/checkpatch
	mkdir -p "$nogit"
	mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$BASE_REF..series")
	n=${#commits[@]}
	for c in "${commits[@]}"; do
		i=$((i + 1))
		git -C "$TREE" format-patch -1 --stdout "$c" |
			sed -E '/^---$/,$!s/^commit [0-9a-f]{40} upstream\.$//' >"$nogit/patch"
		out=$( (cd "$TREE" && perl scripts/checkpatch.pl --strict --color=never \
				--ignore "$CHECKPATCH_IGNORE" - <"$nogit/patch"
			cd "$nogit" && perl "$TREE/scripts/checkpatch.pl" --strict --color=never \
				--types GIT_COMMIT_ID - <"$nogit/patch") 2>&1 || true)
		total=$(sed -nE 's/^total: ([0-9]+) errors, ([0-9]+) warnings, ([0-9]+) checks.*/\1 \2 \3/p' <<<"$out" |
			awk '{ e += $1; w += $2; k += $3; n++ } END { if (n == 2) printf "%d errors, %d warnings, %d checks", e, w, k }')
		subj=$(git -C "$TREE" log -1 --format=%s "$c")
		# A backport of an upstream commit, by its original author,
		# keeps upstream's code as it is: its findings are shown, but
		# they are upstream's.
		if [ "$total" != "0 errors, 0 warnings, 0 checks" ] &&
		   [ "$(git -C "$TREE" log -1 --format=%an "$c")" != "$(git -C "$TREE" log -1 --format=%cn "$c")" ] &&
		   git -C "$TREE" log -1 --format=%B "$c" | grep -qE '^commit [0-9a-f]{40} upstream\.$'; then
			echo "checkpatch --strict: patch $i/$n $subj: upstream backport, not failing on: $total"
			continue
		fi
		if [ "$total" != "0 errors, 0 warnings, 0 checks" ]; then
			echo "$out"
			echo "checkpatch --strict: patch $i/$n $subj: ${total:-checkpatch did not finish}"
			bad=1
		fi
	done
	rm -f "$nogit/patch"
	echo "checkpatch --strict: $n commit(s) checked"
	return $bad
}

# on_base CMD...: run CMD with the tree at the base (the series' files
# only change), then put the series back.
on_base() {
	local rc=0
	git -C "$TREE" checkout -q --detach "$BASE_REF" || return 1
	"$@" || rc=$?
	git -C "$TREE" checkout -q series
	return $rc
}

# A warning the base has as well is reported but is not the series': the
# tip's warnings are compared with the base's without line numbers, as for
# W=1 (6.12's own qcom-debug code trips sparse on guard(), for instance).
only_new() {	# only_new WHAT FUNCTION: FUNCTION prints one warning per line
	local what=$1 fn=$2 tip base new
	tip=$("$fn") || { echo "$tip"; return 1; }
	[ -n "$tip" ] || return 0
	base=$(on_base "$fn") || { echo "$what: the base could not be checked"; return 1; }
	echo "$what: reported on the series (the base's are not counted):"
	echo "$tip"
	new=$(comm -23 <(sort -u <<<"$tip") <(sort -u <<<"$base"))
	[ -z "$new" ] || { echo "$what: new in the series:"; echo "$new"; return 1; }
	echo "$what: $(wc -l <<<"$tip") warning(s), all in the base too"
}

# The driver's sparse warnings, without line numbers.
sparse_warnings() {
	local sparse obj=$OUT/arm64-smmu out
	sparse=$("$TOP/scripts/sparse.sh") || return 1
	[ -f "$obj/.config" ] || "$TOP/scripts/build.sh" arm64-smmu >&2
	# C=2 checks every file of the directory, built or not.
	out=$(make -C "$TREE" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		CC="ccache aarch64-linux-gnu-gcc" -j"$JOBS" C=2 CHECK="$sparse" "$DIR/" 2>&1) ||
		{ echo "$out"; return 1; }
	if grep -q 'sparse is not available' <<<"$out"; then
		grep sparse <<<"$out"
		return 1
	fi
	grep -q "^  CHECK .*$DIR/" <<<"$out" || { echo "sparse checked no file of $DIR"; return 1; }
	echo "sparse: $(grep -c "^  CHECK .*$DIR/" <<<"$out") files checked" >&2
	# C=2 also checks what the directory target builds on the way (vdso):
	# only the driver's own files count.
	grep -E "^[^ ]*$DIR/[^:]*\.[ch]:[0-9]+:[0-9]+: (warning|error):" <<<"$out" |
		sed -E "s#^[^ ]*($DIR/[^:]*):[0-9]+:[0-9]+:#\1:#" || true
}

lint_sparse() {
	only_new sparse sparse_warnings
}

# The coccinelle scripts' reports on the driver, without line numbers; a
# script spatch cannot run fails whatever the base does.
cocci_reports() {
	# scripts/coccicheck in M= mode cannot resolve the driver's relative
	# includes (../../dma-iommu.h); run spatch from the source root over
	# the directory with the same options instead.
	need_cmd spatch coccinelle
	# Scripts with OCaml rules (null/badzero.cocci) are compiled by spatch.
	need_cmd ocamlopt ocaml-nox
	local f out all="" failed="" n=0 rc
	cd "$TREE"
	for f in $(find scripts/coccinelle -name '*.cocci' | sort); do
		# Scripts without a report mode cannot run in MODE=report.
		grep -q 'virtual report' "$f" || continue
		rc=0
		out=$(spatch -D report --no-show-diff --very-quiet --cocci-file "$f" \
			--dir "$DIR" -I include -I arch/arm64/include --include-headers \
			--jobs "$JOBS" --chunksize 1 2>&1) || rc=$?
		# A script spatch cannot run reports nothing: that is a failure,
		# not a clean result.
		[ "$rc" -eq 0 ] || failed+="$f: spatch exited with status $rc: $(tail -n 3 <<<"$out")"$'\n'
		out=$(grep -E "^$DIR/" <<<"$out" || true)
		[ -n "$out" ] && all+="$out"$'\n'
		n=$((n + 1))
	done
	echo "coccicheck: $n scripts run over $DIR" >&2
	[ -z "$failed" ] || { printf '%s' "$failed"; return 1; }
	printf '%s' "$all" | sed -E 's#^([^:]*):[0-9]+:[0-9-]+: #\1: #'
}

lint_coccicheck() {
	only_new coccicheck cocci_reports
}

# kernel-doc -Wall on the files the series changes, without line numbers;
# the files are listed once for the series, and only those that exist are
# checked (on the base, the series' new files do not).
kernel_doc_warnings() {
	local f existing=()
	for f in $KDOC_FILES; do
		[ -f "$TREE/$f" ] && existing+=("$f")
	done
	[ ${#existing[@]} -gt 0 ] || return 0
	(cd "$TREE" && ./scripts/kernel-doc -none -Wall "${existing[@]}" 2>&1) |
		sed -E 's#^([^:]*):[0-9]+: #\1: #'
}

lint_kernel_doc() {
	KDOC_FILES=$(changed_files)
	[ -n "$KDOC_FILES" ] || { echo "kernel-doc: no changed files"; return 0; }
	echo "kernel-doc: $(echo "$KDOC_FILES" | wc -w) file(s)"
	# Files the series only touches in passing (drm/msm headers a backport
	# changes) keep the base's warnings: only new ones count.
	only_new kernel-doc kernel_doc_warnings
}

case "${1:-}" in
all)
	rc=0
	for l in "${LINTS[@]}"; do
		"$0" "$l" || rc=1
	done
	exit $rc ;;
checkpatch)	lint_checkpatch ;;
sparse)		lint_sparse ;;
coccicheck)	lint_coccicheck ;;
kernel-doc)	lint_kernel_doc ;;
*)		die "usage: lint.sh all|${LINTS[*]// /|}" ;;
esac
