#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Show that the KUnit suite catches the bugs it is meant to catch: check out
# the patch that adds the suite, break arm-smmu.c in one named way at a time,
# run the suite under UML and count the failing cases. Every mutation must
# turn at least one case red; the unmodified driver must pass.
#   mutate.sh            all mutations, one line each, then "N passed, N failed"
# The tree is left on branch "series", the driver file restored.
. "$(dirname "$0")/lib.sh"
series_config
[ "$SERIES" = mainline ] || die "mutate: only the mainline series has mutations"

SUITE_SUBJECT="iommu/arm-smmu: Add KUnit tests for fault handling"
DRIVER=drivers/iommu/arm/arm-smmu/arm-smmu.c

cd "$TREE"
require_clean mutate
at=$(git log --format=%H --fixed-strings --grep="$SUITE_SUBJECT" "$BASE_REF..series" | tail -n 1)
[ -n "$at" ] || die "mutate: no commit '$SUITE_SUBJECT' on branch series"
# The same suite and driver with the same scripts give the same results:
# a warm re-run prints those of the last run instead of running again.
key=$(key_of "$(git rev-parse "$at^{tree}")" "$TOP"/scripts/{lib,kunit,mutate}.sh "$TOP"/configs/kunit-*)
results=$OUT/mutate.txt
if stamped "$OUT/stamps" mutate "$key" && [ -f "$results" ]; then
	log "mutate: results of an earlier run on the same tree and scripts:"
	cat "$results"
	exit 0
fi
restore() { git -C "$TREE" checkout -q -f series; }
trap restore EXIT
git checkout -q --detach "$at"

# mutate NAME: edit $DRIVER as the patch adding the suite has it; each edit
# must match exactly once, so a changed driver stops the script.
mutate() {
	python3 - "$1" "$DRIVER" <<'PY'
import sys
name, path = sys.argv[1], sys.argv[2]
fsr = "\tarm_smmu_cb_write(smmu, idx, ARM_SMMU_CB_FSR, cfi.fsr);\n"
resume = ("\tif (cfi.fsr & ARM_SMMU_CB_FSR_SS) {\n"
          "\t\tarm_smmu_cb_write(smmu, idx, ARM_SMMU_CB_RESUME,\n"
          "\t\t\t\t  ret == -EAGAIN ? 0 : ARM_SMMU_RESUME_TERMINATE);\n"
          "\t}\n")
edits = {
    "swap-fsr-resume": [(fsr + "\n" + resume, resume + "\n" + fsr)],
    "drop-resume": [("\n" + resume, "")],
    "ignore-eagain": [("ret == -EAGAIN ? 0 : ARM_SMMU_RESUME_TERMINATE",
                       "ARM_SMMU_RESUME_TERMINATE")],
    "skip-fsr-clear": [(fsr, "")],
    "spurious-context-handled": [
        ("if (!(cfi.fsr & ARM_SMMU_CB_FSR_FAULT))\n\t\treturn IRQ_NONE;",
         "if (!(cfi.fsr & ARM_SMMU_CB_FSR_FAULT))\n\t\treturn IRQ_HANDLED;")],
    "spurious-global-handled": [
        ("if (!gfsr)\n\t\treturn IRQ_NONE;", "if (!gfsr)\n\t\treturn IRQ_HANDLED;")],
}[name]
src = open(path).read()
for old, new in edits:
    if src.count(old) != 1:
        sys.exit("mutation %s: expected text found %d times in %s"
                 % (name, src.count(old), path))
    src = src.replace(old, new)
open(path, "w").write(src)
PY
}

# run_suite: prints "passed failed skipped", or "0 0 0" when the suite did
# not run to its results (a kernel that does not build, a crash before
# KTAP, a timeout): that is not a mutation caught by a test.
run_suite() {
	rm -f "$OUT/kunit-uml.counts" "$OUT/kunit-uml.json"
	"$TOP/scripts/kunit.sh" uml >/dev/null 2>&1 || true
	if [ -s "$OUT/kunit-uml.json" ] && [ -f "$OUT/kunit-uml.counts" ]; then
		cat "$OUT/kunit-uml.counts"
	else
		echo "0 0 0"
	fi
}

note() { log "$@" | tee -a "$OUT/mutate.log"; }
: >"$OUT/mutate.log"
pass=0 fail=0
read -r p f _ < <(run_suite)
total=$p
if [ "$f" -eq 0 ] && [ "$p" -gt 0 ]; then
	note "mutate: unmodified driver: $p cases pass"
	pass=$((pass + 1))
else
	note "mutate: FAILED: the unmodified driver does not pass ($p passed, $f failed)"
	fail=$((fail + 1))
fi

for m in swap-fsr-resume drop-resume ignore-eagain skip-fsr-clear \
	 spurious-context-handled spurious-global-handled; do
	if ! mutate "$m"; then
		note "mutate: FAILED: $m: the edit no longer applies to the driver"
		fail=$((fail + 1))
		continue
	fi
	read -r p f _ < <(run_suite)
	git checkout -q -- "$DRIVER"
	# Caught: the suite ran at least as many cases as on the unmodified
	# driver, and some of them failed.
	if [ "$f" -gt 0 ] && [ $((p + f)) -ge "$total" ]; then
		note "mutate: $m: $f of $((p + f)) cases fail (caught)"
		pass=$((pass + 1))
	else
		note "mutate: FAILED: $m: not caught ($p passed, $f failed of $total cases)"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed" | tee -a "$OUT/mutate.log"
mv "$OUT/mutate.log" "$results"
[ "$fail" -eq 0 ] || exit 1
stamp "$OUT/stamps" mutate "$key"
