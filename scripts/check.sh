#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Everything the workbench can check, for SERIES=mainline, 6.12 or all:
# apply, export round trip, bisect (every prefix builds and passes),
# build matrix with W=1 against base, the KUnit runs, the linters and the
# SPIN model; for mainline also the mutation check and the self-test.
# Prints KTAP: "ok N <series>: <step> # time=Ss" or "not ok N ..." per step,
# the output of a step as "# " lines before it, then the KUnit, model and
# mutation counts, the totals, and last "N passed, N failed", where N
# counts steps. Exits non-zero if a step failed. The result lines are kept
# in build/results.txt (make times reads their durations).
. "$(dirname "$0")/lib.sh"

RESULTS=$BUILD/results.txt
mkdir -p "$BUILD"
echo "# $(git -C "$TOP" describe --always --dirty) SERIES=$SERIES, started $(date -u '+%F %T') UTC" >"$RESULTS"
n=0 pass=0 fail=0
counts=()

# step WHAT CMD...: one step, numbered; its output as KTAP diagnostics.
step() {
	local what=$1 t=$SECONDS rc line
	shift
	n=$((n + 1))
	set +e
	"$@" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	set -e
	line="ok $n $what # time=$((SECONDS - t))s"
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		line="not $line"
	fi
	echo "$line" | tee -a "$RESULTS"
	return "$rc"
}

# counted WHAT CMD...: a step whose script ends in "N passed, N failed";
# that line is kept for the counts, and a script that dies without it fails.
counted() {
	local what=$1 out
	shift
	out=$BUILD/logs/counted.txt
	mkdir -p "$BUILD/logs"
	rm -f "$out"
	step "$what" bash -c '"$@" | tee "$0"; [ "${PIPESTATUS[0]}" -eq 0 ] &&
		grep -qE "^[0-9]+ passed, 0 failed$" "$0"' "$out" "$@" || true
	counts+=("$what: $(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" 2>/dev/null | tail -n 1 ||
		echo "no result")")
}

# kunit SERIES RUN: a step that passes if every case passed or was
# skipped; the case counts are printed with the others.
kunit() {
	local s=$1 run=$2 c p f k
	c=$BUILD/$s/out/kunit-$run.counts
	step "$s: kunit $run" env SERIES=$s "$TOP/scripts/kunit.sh" "$run" || true
	read -r p f k <"$c" 2>/dev/null || { p=0; f=0; k=0; }
	counts+=("$s: kunit $run: $p passed, $f failed, $k skipped (test cases)")
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

# alltests_enable SERIES: the test farms that run KUnit on arm64 with
# KUNIT_ALL_TESTS (KernelCI, 0-day) build the suites without arm-smmu
# specific options: arm64's defconfig with KUnit and KUNIT_ALL_TESTS turns
# them on. (UML's all_tests.config cannot: ARM_SMMU needs ARM, ARM64 or
# COMPILE_TEST there, see docs/workbench.md.)
alltests_enable() {
	local o=$BUILD/$1/out/alltests-arm64 sym bad=0
	(SERIES=$1; series_config
	 mkdir -p "$o"
	 make -s -C "$TREE" O="$o" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- defconfig &&
		"$TREE/scripts/config" --file "$o/.config" -e KUNIT -e KUNIT_ALL_TESTS &&
		make -s -C "$TREE" O="$o" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- olddefconfig) ||
		return 1
	for sym in ARM_SMMU ARM_SMMU_QCOM ARM_SMMU_KUNIT_TEST; do
		grep -qx "CONFIG_$sym=[ym]" "$o/.config" || { echo "CONFIG_$sym is not set"; bad=1; }
	done
	return $bad
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

# mail_check SERIES: the mail step refuses the workbench's identity, and
# with a test identity writes patches from it, except for other authors'
# patches, which keep their From:, each with To: and Cc: and no trace of
# the workbench's identity.
mail_check() {
	local s=$1 dir=$BUILD/mail/check-$1 wb p orig from bad=0
	local who="Test Submitter <test.submitter@example.org>"
	wb=$(sed -n 's/^From: //p' "$TOP/patches/$s/0000-cover-letter.patch" | head -n 1)
	if SERIES=$s FROM="$wb <wb@example.org>" "$TOP/scripts/mail.sh" "$dir" >/dev/null 2>&1; then
		echo "the workbench's identity was not refused"
		return 1
	fi
	SERIES=$s FROM="$who" "$TOP/scripts/mail.sh" "$dir" || return 1
	for p in "$dir"/[0-9][0-9][0-9][0-9]-*.patch; do
		orig=$TOP/patches/$s/$(basename "$p")
		from=$(sed -n 's/^From: //p' "$p" | head -n 1)
		if grep -q "^From: $wb\$" "$orig"; then
			[ "$from" = "$who" ] || { echo "$(basename "$p"): From: $from"; bad=1; }
		else
			grep -qxF "From: $from" "$orig" ||
				{ echo "$(basename "$p"): another author's From: not kept"; bad=1; }
		fi
		case "$p" in */0000-cover-letter.patch) ;; *)
			[ "$(grep '^Signed-off-by: ' "$p" | tail -n 1)" = "Signed-off-by: $who" ] ||
				{ echo "$(basename "$p"): not signed off last by the submitter"; bad=1; }
		esac
		grep -q '^To: .' "$p" && grep -q '^Cc: .' "$p" ||
			{ echo "$(basename "$p"): no To: or no Cc:"; bad=1; }
	done
	return $bad
}

check_series() {
	local s=$1 c r l
	step "$s: fetch base" env SERIES=$s "$TOP/scripts/fetch-base.sh" || return 0
	step "$s: every patch applies" env SERIES=$s "$TOP/scripts/apply.sh" || return 0
	step "$s: export twice reproduces patches/$s" export_roundtrip "$s" || true
	step "$s: bisect (every prefix builds, passes the normal-speed KUnit cases)" env SERIES=$s "$TOP/scripts/bisect.sh" || true
	for c in $(matrix); do
		step "$s: build $c" env SERIES=$s "$TOP/scripts/build.sh" "$c" || true
	done
	step "$s: no new W=1 warning in drivers/iommu/arm/arm-smmu/" no_new_warnings "$s" || true
	step "$s: KUNIT_ALL_TESTS on arm64 defconfig enables the suites" alltests_enable "$s" || true
	for r in "${KUNIT_RUNS[@]}"; do
		kunit "$s" "$r"
	done
	for l in "${LINTS[@]}"; do
		step "$s: $l" env SERIES=$s "$TOP/scripts/lint.sh" "$l" || true
	done
	step "$s: mail as the submitter, others' authorship kept" mail_check "$s" || true
	counted "$s: model mapping to the driver (functions, statements in order)" \
		"$TOP/model/mapping.sh" "$(SERIES=$s; series_config; echo "$TREE")"
	[ "$s" = mainline ] || return 0
	counted "$s: KUnit suite catches broken drivers (mutations)" \
		env SERIES=$s "$TOP/scripts/mutate.sh"
	counted "workbench: broken patches fail, naming step and patch (self-test)" \
		env SERIES=$s "$TOP/scripts/selftest.sh"
}

# Options of a single run must not leak into the full check.
unset BISECT_FROM SERIES_DIR BUILD_OUT
echo "KTAP version 1"
step "deps: build tools present" "$TOP/scripts/deps.sh" || true
case "$SERIES" in
all)	series_list=()
	for d in mainline 6.12; do [ -d "$TOP/patches/$d" ] && series_list+=("$d"); done ;;
*)	series_list=("$SERIES") ;;
esac
for s in "${series_list[@]}"; do
	step "$s: patches/$s exists" test -d "$TOP/patches/$s" || continue
	check_series "$s"
done
if [ -x "$TOP/model/check.sh" ]; then
	counted "model: SPIN checks and negative controls" "$TOP/model/check.sh"
fi

grep '^not ok' "$RESULTS" | sed 's/^/# failed: /' || true
echo "# counts (not steps):"
printf '#   %s\n' "${counts[@]}"
echo "1..$n"
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0 (steps, $(elapsed))" |
	tee -a "$RESULTS"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
