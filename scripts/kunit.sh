#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run the arm-smmu KUnit suite with tools/testing/kunit/kunit.py.
#   kunit.sh RUN [KUNITCONFIG [NAME]]
#   kunit.sh all                  every run, as make check runs them
# RUN is uml, uml-nosleep (UML, CONFIG_PM_SLEEP=n) or arm64 (QEMU virt,
# 2 CPUs); NAME, if given, makes the build directory kunit-RUN-NAME. The
# kernel is the suite's .kunitconfig plus configs/kunit-debug.kunitconfig
# and configs/kunit-RUN.kunitconfig; kunit.py stops if an option of them
# does not make it into .config. Results are parsed from KTAP by kunit.py
# (--json); the counts go to $OUT/kunit-RUN.counts as "passed failed
# skipped". A failing, crashing or missing test, or a lockdep/atomic-sleep/
# KASAN splat, fails the run; a skipped case is not a passed one.
# KUNIT_FILTER, if set, is passed to kunit.py --filter (e.g. 'speed>slow').
. "$(dirname "$0")/lib.sh"
series_config

run=${1:-uml}
if [ "$run" = all ]; then
	for r in "${KUNIT_RUNS[@]}"; do
		"$0" "$r" || exit 1
	done
	exit 0
fi
arch=${run%%-*}
cfg=${2:-}
need_cmd python3 python3
need_cmd ccache ccache
if [ -z "$cfg" ]; then
	# On arm64 the Qualcomm configuration runs the core suite and the
	# Qualcomm one (ARCH_QCOM cannot be set under UML).
	cfg=$TREE/drivers/iommu/arm/arm-smmu/.kunitconfig
	qcfg=$TREE/drivers/iommu/arm/arm-smmu/qcom.kunitconfig
	[ "$arch" = arm64 ] && [ -f "$qcfg" ] && cfg=$qcfg
	[ -f "$cfg" ] || cfg=$TOP/configs/kunit-base.kunitconfig
fi
tag=$run${3:+-$3}
bdir=$OUT/kunit-$tag
mkdir -p "$bdir"
# Results of an earlier run must not stand in for this one, whatever
# stops this one.
rm -f "$OUT/kunit-$tag.json" "$OUT/kunit-$tag.counts" "$bdir/test.log"
args=(run --kunitconfig="$cfg" --kunitconfig="$TOP/configs/kunit-debug.kunitconfig"
      --build_dir="$bdir" --jobs="$JOBS" --timeout=900 --json="$OUT/kunit-$tag.json")
[ -z "${KUNIT_FILTER:-}" ] || args+=(--filter="$KUNIT_FILTER")
[ ! -f "$TOP/configs/kunit-$run.kunitconfig" ] ||
	args+=(--kunitconfig="$TOP/configs/kunit-$run.kunitconfig")
case "$arch" in
uml)
	args+=(--make_options "CC=ccache gcc")
	# 6.12's kunit.py turns on PCI over virtio for UML without a device ID,
	# and virt-pci then WARN()s at every boot, which would fail the run as
	# a splat: give it one (no virtio device is attached to a KUnit
	# kernel). Mainline's kunit.py no longer uses that option.
	if grep -qx 'CONFIG_UML_PCI_OVER_VIRTIO=y' "$TREE/tools/testing/kunit/configs/arch_uml.config" 2>/dev/null &&
	   ! grep -q '^CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=' "$TREE/tools/testing/kunit/configs/arch_uml.config"; then
		args+=(--kconfig_add CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=1234)
	fi
	;;
arm64)
	need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	need_cmd qemu-system-aarch64 qemu-system-arm
	args+=(--arch=arm64 --cross_compile=aarch64-linux-gnu-
	       --make_options "CC=ccache aarch64-linux-gnu-gcc" --qemu_args "-smp 2")
	;;
*)	die "kunit.sh: unknown run '$run' (uml, uml-nosleep or arm64)" ;;
esac

log "kunit $tag: $(basename "$(dirname "$cfg")")/$(basename "$cfg")"
run_kunit() {
	try_logged "kunit-$SERIES-$tag" bash -c 'cd "$0" && ./tools/testing/kunit/kunit.py "$@"' \
		"$TREE" "${args[@]}"
}
rc=0
run_kunit || rc=$?
# The final link of vmlinux has been seen to fail once in a parallel build
# (undefined kallsyms_* symbols) and pass when make runs again: retry a
# failed *build* once, incrementally. A failed or crashed test run is never
# retried.
if [ "$rc" -ne 0 ] && ! grep -q 'Starting KUnit Kernel' "$BUILD/logs/kunit-$SERIES-$tag.log"; then
	log "kunit $tag: the kernel did not build; building once more"
	rc=0
	run_kunit || rc=$?
fi

# kunit.py parses KTAP; count leaf test cases by status.
python3 - "$OUT/kunit-$tag.json" >"$OUT/kunit-$tag.counts" <<'PY'
import json, sys
try:
    root = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("0 1 0"); sys.exit()
c = {"PASS": 0, "FAIL": 0, "SKIP": 0}
def walk(g):
    for t in g.get("test_cases", []):
        s = t.get("status", "FAIL")
        c["PASS" if s == "PASS" else "SKIP" if s == "SKIP" else "FAIL"] += 1
    for s in g.get("sub_groups", []):
        walk(s)
walk(root)
print(c["PASS"], c["FAIL"], c["SKIP"])
PY
read -r pass fail skip <"$OUT/kunit-$tag.counts"
# A run that failed without a failed case (build error, timeout, crash
# before the results) still counts as one failure.
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	echo "$pass $fail $skip" >"$OUT/kunit-$tag.counts"
fi
# Lockdep, DEBUG_ATOMIC_SLEEP, KASAN ("BUG: KASAN:"), WARN and (should a
# .kunitconfig enable it) UBSAN reports all start with one of these.
splat=$(grep -nE 'BUG:|WARNING:|UBSAN:|INFO: (possible|inconsistent|task .* blocked)|Kernel panic|Oops' \
	"$bdir/test.log" 2>/dev/null | head -5 || true)
if [ -n "$splat" ]; then
	echo "$splat"
	echo "$pass $((fail + 1)) $skip" >"$OUT/kunit-$tag.counts"
	die "kunit $tag: kernel splat in ${bdir#$TOP/}/test.log"
fi
log "kunit $tag: $pass passed, $fail failed, $skip skipped"
[ "$rc" -eq 0 ] && [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] || die "kunit $tag failed (see build/logs/kunit-$SERIES-$tag.log)"
