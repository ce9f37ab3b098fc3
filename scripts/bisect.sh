#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Check that every prefix of the series builds and, once the KUnit suite
# exists, passes it: check out base, patch 1, ..., patch N in turn, build
# configs/arm64-smmu (W=1) and, at the same time, run the UML suite. The
# build directories are the ones the full-series steps use, so each step is
# an incremental build. A prefix runs the suite's normal-speed cases; the
# slow ones (KUNIT_CASE_SLOW: randomized stress, benchmarks, several seconds
# each) run on the whole series in the kunit steps.
# base's W=1 warnings are kept in $OUT/warnings-base.txt for the comparison
# with the full series. A failure names the first patch that breaks.
# BISECT_FROM=K starts at patch K (0 is the base). The tree is left on
# branch "series".
. "$(dirname "$0")/lib.sh"
series_config

cd "$TREE"
require_clean bisect
mapfile -t commits < <(git rev-list --reverse "$BASE_REF..series")

# A prefix whose tree passed before, with the same configs and scripts, is
# not built and tested again (a warm re-run); any change to either redoes it.
inputs=$(key_of "$TOP"/configs/* "$TOP"/scripts/{lib,build,kunit,bisect}.sh)
n=${#commits[@]}

# The UML KUnit kernel of a prefix is the previous prefix's when the patch
# only touches files UML never builds: the Qualcomm parts of the driver
# (ARCH_QCOM only), drm/msm and documentation. As a second guard, none of
# them may appear in kbuild's dependency files (.*.cmd) of the UML build.
# Anything else rebuilds and reruns.
uml_passed_at=
uml_kernel_unchanged() {
	local f d=$OUT/kunit-uml
	[ -d "$d/drivers/iommu/arm/arm-smmu" ] || return 1
	while read -r f; do
		case "$f" in
		drivers/iommu/arm/arm-smmu/*qcom*|drivers/gpu/drm/msm/*|Documentation/*) ;;
		*) return 1 ;;
		esac
		! grep -rqsF --include='.*.cmd' "/${f##*/}" "$d" || return 1
	done < <(git diff --no-renames --name-only HEAD^ HEAD)
}
restore() { git -C "$TREE" checkout -q series; }
trap restore EXIT

for ((k = ${BISECT_FROM:-0}; k <= n; k++)); do
	if [ "$k" -eq 0 ]; then
		git checkout -q --detach "$BASE_REF"
		what="base"
	else
		git checkout -q --detach "${commits[k - 1]}"
		what="patch $k/$n: $(git log -1 --format=%s)"
	fi
	name=bisect-$(git rev-parse 'HEAD^{tree}')
	if stamped "$OUT/stamps" "$name" "$inputs" && { [ "$k" -gt 0 ] || [ -f "$OUT/warnings-base.txt" ]; }; then
		log "bisect: $what: passed before (same tree, configs and scripts)"
		uml_passed_at=
		continue
	fi
	log "bisect: $what"
	# The two builds are mostly serial (a few objects, one link each):
	# run them side by side.
	"$TOP/scripts/build.sh" arm64-smmu >/dev/null &
	build=$!
	kunit_rc=0
	if [ "$k" -gt 0 ] && [ -f drivers/iommu/arm/arm-smmu/.kunitconfig ]; then
		if [ "$uml_passed_at" = "$(git rev-parse HEAD^)" ] && uml_kernel_unchanged; then
			log "bisect: $what: nothing the UML kernel is built from changes; its KUnit pass stands"
		else
			KUNIT_FILTER='speed>slow' "$TOP/scripts/kunit.sh" uml >/dev/null || kunit_rc=$?
		fi
	fi
	wait "$build" || die "bisect: $what does not build (configs/arm64-smmu)"
	[ "$kunit_rc" -eq 0 ] || die "bisect: $what fails the KUnit suite"
	[ "$k" -gt 0 ] || cp "$OUT/arm64-smmu/warnings.txt" "$OUT/warnings-base.txt"
	[ "$k" -eq 0 ] || [ ! -f drivers/iommu/arm/arm-smmu/.kunitconfig ] || uml_passed_at=$(git rev-parse HEAD)
	stamp "$OUT/stamps" "$name" "$inputs"
done
log "bisect: base and all $n patches, one at a time, build and pass"
