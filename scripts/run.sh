#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The main job: fetch the base, apply the series, build an arm64 kernel with
# ARM_SMMU=y and the Qualcomm layer, run the arm-smmu KUnit suite under UML.
. "$(dirname "$0")/lib.sh"
series_config

"$TOP/scripts/deps.sh"
"$TOP/scripts/fetch-base.sh"
"$TOP/scripts/apply.sh"
"$TOP/scripts/build.sh" arm64-smmu Image drivers/iommu/arm/arm-smmu/
log "kernel: ${OUT#$TOP/}/arm64-smmu/arch/arm64/boot/Image"
rc=0
"$TOP/scripts/kunit.sh" uml || rc=$?
read -r p f k <"$OUT/kunit-uml.counts" 2>/dev/null || { p=0; f=1; k=0; }
grep -E '^\[[0-9:]+\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|=+ )' \
	"$BUILD/logs/kunit-$SERIES-uml.log" | sed 's/^\[[0-9:]*\] //' || true
[ "$rc" -eq 0 ] || f=$((f > 0 ? f : 1))
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
