#!/bin/bash
# Verify the arm-smmu fault-handling / runtime-PM model with SPIN.
#
#   model/check.sh              all checks (properties, negative controls, witnesses)
#   model/check.sh --extended   also the larger optional configurations
#   model/check.sh --list       list the checks
#
# Work files go to $BUILD/model (default: <repo>/build/model).
# Environment: JOBS (parallel pan runs, default 2), PAN_CFLAGS (default -O2).
# Exit status: 0 if every check passed, 1 otherwise, 2 if a tool is missing.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODEL=$HERE/smmu_fault_pm.pml
OUT=${BUILD:-$(cd "$HERE/.." && pwd)/build}/model
JOBS=${JOBS:-2}
PAN_CFLAGS=${PAN_CFLAGS:--O2}

for tool in spin gcc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "check.sh: $tool not found: apt-get install $tool" >&2
		exit 2
	fi
done

# ---------------------------------------------------------------------------
# The checks: name | kind | mode | spin -D flags | expected
#   kind  verify   the model must verify: errors 0, complete search
#         control  a safeguard is removed: pan must find a counterexample of
#                  one of the expected kinds (comma separated)
#   mode  safety   pan -DSAFETY: assertions + invalid end states
#         np       pan -DNP -l: non-progress cycles (no fairness)
#   -DPRINTF_WITNESS is not a model switch: it compiles pan with -DPRINTF so
#   that the run prints the witness lines (WITNESSES below)
# ---------------------------------------------------------------------------
CHECKS=(
"safety|verify|safety|-DPRINTF_WITNESS|"
"rpm-disabled|verify|safety|-DRPM_OFF|"
"no-storm-np|verify|np|-DSTORM_BY_NP -DNSPUR=0|"
"control:no-sync|control|safety|-DNO_SYNC -DSHUTDOWN=0|unclocked_register_access"
"control:mask-after-drain|control|safety|-DMASK_AFTER_DRAIN|irq_storm,stalled_at_clock_off"
"control:get-if-in-use|control|safety|-DIN_USE -DSLEEP=0 -DSHUTDOWN=0|irq_storm"
"control:get-if-in-use-sleep|control|safety|-DIN_USE -DSTORM_BY_NP -DSHUTDOWN=0|unclocked_register_access,fault_reported_twice,fault_lost"
"control:get-if-in-use-np|control|np|-DIN_USE -DSTORM_BY_NP -DNSPUR=0|non_progress_cycle"
"control:no-drain|control|safety|-DNO_DRAIN|stalled_at_clock_off"
"control:no-may-fail|control|safety|-DNO_MAYFAIL|deadlock,invalid_end_state"
"control:drain-once|control|safety|-DDRAIN_ONCE|stalled_at_clock_off"
"control:reset-clears-fsr|control|safety|-DRESET_CLEARS|fault_lost"
"control:live-after-unmask|control|safety|-DLIVE_AFTER_UNMASK|irq_storm"
"control:shutdown-no-quiesce|control|safety|-DSHUTDOWN_NO_QUIESCE|force_suspend_failed"
)
EXTENDED=(
"all-stall|verify|safety|-DALL_STALL|"
"no-storm-np-spurious|verify|np|-DSTORM_BY_NP|"
)

case "${1:-}" in
--list)
	for c in "${CHECKS[@]}" "${EXTENDED[@]}"; do echo "$c"; done
	exit 0 ;;
--extended)
	CHECKS+=("${EXTENDED[@]}") ;;
"") ;;
*)
	echo "usage: $0 [--extended|--list]" >&2
	exit 2 ;;
esac

# witnesses: printf("WITNESS n reached") sites in the model that the
# "safety" run must execute (pan -DPRINTF prints them)
WITNESSES=(
"1|retained-fault-drained-at-resume"
"2|client-get-sync-waits-for-suspending"
"3|synchronize-irq-waits-for-handler"
"4|mmu500-ignores-resume"
"5|foreign-irq-while-gated"
)

# run one check in $OUT/<dir>; writes <dir>/result: "PASS|FAIL<TAB>details"
run_one() {
	local name=$1 kind=$2 mode=$3 defs=$4 expect=$5
	local dir=$OUT/${name//:/_}
	local t0 t1 cc panargs out verdict detail states depth found
	rm -rf "$dir" && mkdir -p "$dir" || return
	cp "$MODEL" "$dir/model.pml"
	t0=$(date +%s.%N)
	local TIMEFORMAT='%U %S'
	{ time (
		cd "$dir" || exit 1
		local sdefs=${defs//-DPRINTF_WITNESS/} pflags=""
		[ "$sdefs" != "$defs" ] && pflags=-DPRINTF
		# shellcheck disable=SC2086
		spin -a $sdefs model.pml >spin.log 2>&1 || exit 1
		if [ "$mode" = np ]; then
			cc="-DNP"; panargs="-l"
		else
			cc="-DSAFETY"; panargs=""
		fi
		# shellcheck disable=SC2086
		gcc $PAN_CFLAGS $cc $pflags -o pan pan.c >gcc.log 2>&1 || exit 1
		if [ "$kind" = verify ]; then w=-w26; else w=-w20; fi
		# shellcheck disable=SC2086
		./pan $panargs -m500000 $w 2>&1 | awk '!/^WITNESS/ || !seen[$0]++' >pan.out
		exit 0
	) ; } 2>"$dir/cpu.time"
	local rc=$?
	t1=$(date +%s.%N)
	local secs
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	# CPU time of spin + gcc + pan (wall time depends on the machine's load)
	local cpu
	cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$dir/cpu.time" 2>/dev/null)
	secs="${secs}s wall, ${cpu}s cpu"
	out=$dir/pan.out
	if [ $rc -ne 0 ] || [ ! -s "$out" ]; then
		printf 'FAIL\tspin/gcc failed, see %s\n' "$dir" >"$dir/result"
		return
	fi
	states=$(awk '/states, stored/ { print $1; exit }' "$out")
	depth=$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' "$out" | head -1)
	local incomplete=""
	if grep -qE "Search not completed|max search depth too small|out of memory|aborting" "$out"; then
		incomplete=yes
	fi
	# kind of the counterexample, if any
	found=""
	if grep -q "errors: [1-9]" "$out"; then
		if grep -q "^pan:[0-9]*: non-progress cycle" "$out"; then
			found=non_progress_cycle
		elif grep -q "^pan:[0-9]*: acceptance cycle" "$out"; then
			found=acceptance_cycle
		elif grep -q "^pan:[0-9]*: invalid end state" "$out"; then
			found=invalid_end_state
		elif grep -q "^pan:[0-9]*: assertion violated" "$out"; then
			# check(cond, kind) asserts ((cond)||kind)
			found=$(sed -n 's/^pan:[0-9]*: assertion violated .*||\([a-z_]*\)) (at depth.*/\1/p' "$out" | head -1)
			[ -n "$found" ] || found=assertion
		else
			found=error
		fi
	fi
	case $kind in
	verify)
		if [ -z "$found" ] && [ -z "$incomplete" ] && grep -q "errors: 0" "$out" &&
		   grep -q "Full statespace search" "$out"; then
			verdict=PASS
			detail="states=$states, depth=$depth, ${secs}"
			if [ "$mode" = np ] && ! grep -q "non-progress cycles.*+" "$out"; then
				verdict=FAIL; detail="non-progress cycle check not enabled"
			fi
		elif [ -n "$found" ]; then
			verdict=FAIL
			detail="counterexample: $found, trail in $dir"
		else
			verdict=FAIL
			detail="search incomplete, see $out"
		fi ;;
	control)
		if [ -n "$found" ] && [[ ",$expect," == *",$found,"* ]]; then
			verdict=PASS
			detail="counterexample as expected: $found, states=$states, depth=$depth, ${secs}"
		elif [ -n "$found" ]; then
			verdict=FAIL
			detail="unexpected counterexample: $found (expected $expect), trail in $dir"
		else
			verdict=FAIL
			detail="no counterexample (variant verified; expected $expect)"
		fi ;;
	esac
	printf '%s\t%s\n' "$verdict" "$detail" >"$dir/result"
}

mkdir -p "$OUT" || exit 1
echo "model: $(spin -V 2>/dev/null | head -1); $MODEL; work dir $OUT"

start=$(date +%s)
running=0
for c in "${CHECKS[@]}"; do
	IFS='|' read -r name kind mode defs expect <<<"$c"
	run_one "$name" "$kind" "$mode" "$defs" "$expect" &
	running=$((running + 1))
	if [ "$running" -ge "$JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

pass=0
fail=0
for c in "${CHECKS[@]}"; do
	IFS='|' read -r name kind mode defs expect <<<"$c"
	res=$OUT/${name//:/_}/result
	if [ -f "$res" ]; then
		IFS=$'\t' read -r verdict detail <"$res"
	else
		verdict=FAIL; detail="no result"
	fi
	echo "model: $name: $verdict ($detail)"
	if [ "$verdict" = PASS ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	# witnesses are reported by the run that has them
	if [[ "$defs" == *-DPRINTF_WITNESS* ]]; then
		for w in "${WITNESSES[@]}"; do
			IFS='|' read -r wn wname <<<"$w"
			if [ "$verdict" = PASS ] &&
			   grep -q "^WITNESS $wn reached" "$OUT/${name//:/_}/pan.out"; then
				echo "model: witness:$wname: PASS (reached in the $name run)"
				pass=$((pass + 1))
			else
				echo "model: witness:$wname: FAIL (not reached in the $name run)"
				fail=$((fail + 1))
			fi
		done
	fi
done
cpu_total=$(for c in "${CHECKS[@]}"; do
	IFS='|' read -r name _ <<<"$c"
	cat "$OUT/${name//:/_}/cpu.time" 2>/dev/null
done | awk '{ t += $1 + $2 } END { printf "%.0f", t }')
echo "model: total time $(( $(date +%s) - start ))s wall, ${cpu_total}s cpu"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
