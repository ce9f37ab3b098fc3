#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Everything the workbench can check, for SERIES=mainline, 6.12 or all:
# apply, export round trip, bisect (every prefix builds and passes),
# build matrix with W=1 against base, KUnit under UML and QEMU arm64,
# checkpatch, sparse, coccicheck, kernel-doc and the SPIN model.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
. "$(dirname "$0")/lib.sh"

RESULTS=$BUILD/results.txt
mkdir -p "$BUILD"
: >"$RESULTS"
pass=0 fail=0

record() {	# record pass|fail COUNT WHAT
	if [ "$1" = pass ]; then pass=$((pass + $2)); else fail=$((fail + $2)); fi
	printf '%s %s\n' "$(tr a-z A-Z <<<"$1")" "$3" >>"$RESULTS"
}

# step WHAT CMD...: one check; its output goes to the log, failure is noted
# with the step name and the run goes on.
step() {
	local what=$1; shift
	if "$@"; then
		record pass 1 "$what"
	else
		record fail 1 "$what"
		log "FAILED: $what"
	fi
}

# counted WHAT CMD...: a script that ends in "N passed, N failed"; each
# of its checks counts, and a script that dies without the line is a failure.
counted() {
	local what=$1 out rc=0 p f
	shift
	# Progress goes to stderr as it happens; the summary line is taken
	# from the output. Not "tee /dev/stderr": when stderr is a file,
	# opening /dev/stderr again truncates it, losing the log so far.
	out=$("$@" 2>&1 | tee >(cat >&2)) || rc=$?
	read -r p f < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' <<<"$out" | tail -n 1) || true
	[ -n "${p:-}" ] || { p=0; f=1; }
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	record pass "$p" "$what: $p checks"
	[ "$f" -eq 0 ] || { record fail "$f" "$what: $f checks failed"; log "FAILED: $what"; }
}

kunit_step() {	# kunit_step SERIES ARCH: each test case counts
	local s=$1 arch=$2 c p f k
	c=$BUILD/$s/out/kunit-$arch.counts
	rm -f "$c"
	SERIES=$s "$TOP/scripts/kunit.sh" "$arch" || true
	read -r p f k <"$c" 2>/dev/null || { p=0; f=1; k=0; }
	[ "$p" -gt 0 ] || f=$((f > 0 ? f : 1))
	record pass "$p" "kunit $s $arch: $p test cases"
	[ "$f" -eq 0 ] || record fail "$f" "kunit $s $arch: $f failed or crashed"
	[ "$k" -eq 0 ] || log "kunit $s $arch: $k skipped (not counted as passed)"
}

export_roundtrip() {
	local s=$1 tmp ign=()
	tmp=$(mktemp -d)
	# In a user's own tree (KERNEL_SRC) the base is theirs, not the
	# Debian import patches/ names.
	[ -z "${KERNEL_SRC:-}" ] || ign=(-I '^base-commit: ')
	SERIES=$s "$TOP/scripts/export.sh" "$tmp" >/dev/null &&
		diff -ru "${ign[@]}" "$TOP/patches/$s" "$tmp" &&
		SERIES=$s "$TOP/scripts/export.sh" "$tmp" >/dev/null &&
		diff -ru "${ign[@]}" "$TOP/patches/$s" "$tmp"
	local rc=$?
	rm -rf "$tmp"
	[ $rc -eq 0 ] || log "export of $s differs from patches/$s (see diff above)"
	return $rc
}

no_new_warnings() {
	local s=$1 o=$BUILD/$1/out new
	[ -f "$o/warnings-base.txt" ] && [ -f "$o/arm64-smmu/warnings.txt" ] || {
		echo "no W=1 warnings of the base or the series to compare"
		return 1
	}
	new=$(comm -13 "$o/warnings-base.txt" "$o/arm64-smmu/warnings.txt") || return 1
	[ -z "$new" ] || { echo "new W=1 warnings in $s:"; echo "$new"; return 1; }
}

check_series() {
	local s=$1
	log "=== series $s ==="
	if ! SERIES=$s "$TOP/scripts/fetch-base.sh"; then
		record fail 1 "$s: fetch base"; return
	fi
	if ! SERIES=$s "$TOP/scripts/apply.sh"; then
		record fail 1 "$s: apply (see the patch named above)"; return
	fi
	record pass 1 "$s: every patch applies"
	step "$s: export twice reproduces patches/$s" export_roundtrip "$s"
	step "$s: bisect (every prefix builds, passes KUnit)" env SERIES=$s "$TOP/scripts/bisect.sh"
	local c
	for c in arm64-smmu arm64-smmu-mod arm64-smmu-nopm arm-smmu arm64-msm; do
		local t=()
		[ "$c" = arm64-smmu-mod ] && t=(modules)
		[ "$c" = arm64-msm ] && t=(drivers/gpu/drm/msm/)
		step "$s: build $c" env SERIES=$s "$TOP/scripts/build.sh" "$c" "${t[@]}"
	done
	step "$s: no new W=1 warning in drivers/iommu/arm/arm-smmu/" no_new_warnings "$s"
	kunit_step "$s" uml
	kunit_step "$s" arm64
	local l
	for l in checkpatch sparse coccicheck kernel-doc; do
		step "$s: $l" env SERIES=$s "$TOP/scripts/lint.sh" "$l"
	done
	[ "$s" = mainline ] || return 0
	counted "model: mapping to the driver (functions, statements in order)" \
		"$TOP/model/mapping.sh" "$(SERIES=$s; series_config; echo "$TREE")"
	counted "$s: KUnit suite catches broken drivers" \
		env SERIES=$s "$TOP/scripts/mutate.sh"
	counted "workbench: broken patches fail, naming step and patch" \
		env SERIES=$s "$TOP/scripts/selftest.sh"
}

# Options of a single run must not leak into the full check.
unset BISECT_FROM SERIES_DIR BUILD_OUT
"$TOP/scripts/deps.sh" || record fail 1 "deps: missing tools (see above)"
case "$SERIES" in
all)	series_list=()
	for d in mainline 6.12; do [ -d "$TOP/patches/$d" ] && series_list+=("$d"); done ;;
*)	series_list=("$SERIES") ;;
esac
for s in "${series_list[@]}"; do
	[ -d "$TOP/patches/$s" ] || { record fail 1 "no patches/$s"; continue; }
	check_series "$s"
done

if [ -x "$TOP/model/check.sh" ]; then
	log "=== SPIN model ==="
	counted "model" "$TOP/model/check.sh"
fi

echo
log "summary:"
sed 's/^/  /' "$RESULTS"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
