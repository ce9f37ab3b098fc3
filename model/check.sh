#!/bin/bash
# Verify the arm-smmu fault-handling / runtime-PM model with SPIN.
#
#   model/check.sh              all checks (properties, negative controls, witnesses)
#   model/check.sh --extended   also the larger optional configurations
#   model/check.sh --list       list the checks
#
# Work files go to $BUILD/model (default: <repo>/build/model).
# Environment: JOBS (parallel pan runs, default 2), PAN_CFLAGS (default -O2,
# for the runs that must verify), PAN_CTL_CFLAGS (default -O0, for the negative
# controls: they stop at the first counterexample, and gcc -O2 of pan.c costs
# more CPU than their whole search).
# Exit status: 0 if every check passed, 1 otherwise, 2 if a tool is missing.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODEL=$HERE/smmu_fault_pm.pml
OUT=${BUILD:-$(cd "$HERE/.." && pwd)/build}/model
JOBS=${JOBS:-2}
PAN_CFLAGS=${PAN_CFLAGS:--O2}
PAN_CTL_CFLAGS=${PAN_CTL_CFLAGS:--O0}

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
#                  the expected kind, named by the property that failed (one
#                  per control: every property has a control that fails it)
#   mode  safety   pan -DSAFETY: assertions + invalid end states
#         np       pan -DNP -l: non-progress cycles (no fairness); a cycle is
#                  reported as irq_storm (the property these runs check)
#         stall    pan -a with the never claim of -DSTALL_LIVENESS: an
#                  acceptance cycle is reported as stall_never_ended
#   -DPRINTF_WITNESS is not a model switch: it compiles pan with -DPRINTF so
#   that the run prints the witness lines (WITNESSES below)
#   -DPAN_COLLAPSE is not a model switch either: it compiles pan with
#   -DCOLLAPSE (lossless state compression: less than half the memory, up to
#   a third more CPU), for the biggest --extended runs
# ---------------------------------------------------------------------------
# -DSTORM_BY_NP drops the strict storm assertion; the runs with pan -l use it
# (they check the storm as a non-progress cycle, independently of the
# assertion, which would otherwise stop the controls first), and so does
# control:get-if-in-use-sleep (the IN_USE guard storms in every autosuspend
# tail, control:get-if-in-use, before the sleep-only counterexample is found).
# The safety run checks every assertion property, the strict storm one
# included: ALSO below reports that as no-storm. Two controls run with smaller
# bounds than their property needs (no-sync: -DNSPUR=0, get-if-in-use-sleep:
# -DNCYC=0): they reach the same counterexample with a tenth of the search.
CHECKS=(
"safety|verify|safety|-DPRINTF_WITNESS|"
"no-storm-np|verify|np|-DSTORM_BY_NP -DNSPUR=0|"
"stall-liveness|verify|stall|-DSTALL_LIVENESS -DNSPUR=0|"
"set-stall|verify|safety|-DPRINTF_WITNESS -DSET_STALL -DNSPUR=0 -DSHUTDOWN=0|"
"tbu-debug|verify|safety|-DPRINTF_WITNESS -DTBU_DEBUG -DNSPUR=0|"
"client-callback|verify|safety|-DPRINTF_WITNESS -DCLIENT_CALLBACK -DNSPUR=0 -DSHUTDOWN=0|"
"reg-user|verify|safety|-DPRINTF_WITNESS -DREG_USER -DNSPUR=0 -DSHUTDOWN=0|"
"reg-user-shutdown|verify|safety|-DREG_USER -DSHUTDOWN=1 -DSLEEP=0 -DNF=0 -DNSPUR=0 -DNCYC=0|"
"rpm-disabled|verify|safety|-DRPM_OFF|"
"impl-handlers|verify|safety|-DPRINTF_WITNESS -DIMPL -DSHUTDOWN=0|"
"control:no-quiescing|control|safety|-DNO_QUIESCING|irq_storm"
"control:no-quiescing-np|control|np|-DNO_QUIESCING -DSTORM_BY_NP -DNSPUR=0|irq_storm"
"control:no-sync|control|safety|-DNO_SYNC -DSHUTDOWN=0 -DNSPUR=0|unclocked_register_access"
"control:mask-after-drain|control|safety|-DMASK_AFTER_DRAIN|irq_storm"
"control:get-if-in-use|control|safety|-DIN_USE -DSLEEP=0 -DSHUTDOWN=0|irq_storm"
"control:get-if-in-use-sleep|control|safety|-DIN_USE -DSLEEP_RPM_ON -DSTORM_BY_NP -DSHUTDOWN=0 -DNCYC=0|fault_reported_twice"
"control:get-if-in-use-np|control|np|-DIN_USE -DSTORM_BY_NP -DNSPUR=0|irq_storm"
"control:no-drain|control|safety|-DNO_DRAIN|undrained_at_clock_off"
"control:no-may-fail|control|safety|-DNO_MAYFAIL|deadlock"
"control:drain-once|control|safety|-DDRAIN_ONCE|stalled_at_clock_off"
"control:reset-clears-fsr|control|safety|-DRESET_CLEARS|fault_lost"
"control:live-after-unmask|control|safety|-DLIVE_AFTER_UNMASK|irq_storm"
"control:shutdown-no-quiesce|control|safety|-DSHUTDOWN_NO_QUIESCE|unclocked_register_access"
"control:shutdown-rpm-on-no-quiesce|control|safety|-DSHUTDOWN_RPM_ON -DSHUTDOWN_NO_QUIESCE|force_suspend_failed"
"control:guard-in-thread|control|safety|-DGUARD_IN_THREAD|taken_fault_lost"
"control:always-wake|control|safety|-DALWAYS_WAKE|spurious_woke_thread"
"control:tryget-split|control|safety|-DTRYGET_SPLIT|fault_reported_twice"
"control:decline-no-requeue|control|safety|-DDECLINE_NO_REQUEUE -DIMPL -DSLEEP=0 -DSHUTDOWN=0|autosuspend_lost"
"control:ebusy-no-mark|control|safety|-DEBUSY_NO_MARK -DSLEEP=0 -DSHUTDOWN=0|autosuspend_lost"
"control:drain-no-global|control|safety|-DDRAIN_NO_GLOBAL|undrained_at_clock_off"
"control:no-resume|control|stall|-DSTALL_LIVENESS -DNO_RESUME -DNSPUR=0|stall_never_ended"
"control:no-fsr-check|control|safety|-DIMPL -DNO_FSR_CHECK -DSLEEP=0 -DSHUTDOWN=0|client_without_fault"
"control:exit-no-put|control|safety|-DEXIT_NO_PUT|refs_unbalanced"
"control:report-after-exit|control|safety|-DREPORT_AFTER_EXIT|handler_resumes_smmu"
"control:tbu-restore-blind|control|safety|-DTBU_DEBUG -DTBU_RESTORE_BLIND -DNSPUR=0|irq_storm"
"control:callback-tryget|control|safety|-DCLIENT_CALLBACK -DCALLBACK_TRYGET -DNSPUR=0 -DSHUTDOWN=0|callback_refused"
"control:no-remask|control|safety|-DSET_STALL -DNO_REMASK -DNSPUR=0 -DSHUTDOWN=0|stalled_at_clock_off"
"control:reg-user-no-guard|control|safety|-DREG_USER -DREG_USER_NO_GUARD -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|unclocked_register_access"
"control:rpm-put-if-enabled|control|safety|-DREG_USER -DRPM_PUT_IF_ENABLED -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|refs_unbalanced"
"control:sleep-rpm-on|control|safety|-DREG_USER -DSLEEP_RPM_ON -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|unclocked_register_access"
"control:sleep-rpm-barrier|control|safety|-DREG_USER -DSLEEP_RPM_BARRIER -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|resumed_in_sleep"
"control:no-sync-rcu|control|safety|-DREG_USER -DNO_SYNC_RCU -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|unclocked_register_access"
"control:rpm-get-split|control|safety|-DREG_USER -DRPM_GET_SPLIT -DNF=0 -DNSPUR=0 -DNCYC=0 -DSHUTDOWN=0|unclocked_register_access"
"control:shutdown-rpm-on|control|safety|-DREG_USER -DSHUTDOWN_RPM_ON -DSHUTDOWN=1 -DSLEEP=0 -DNF=0 -DNSPUR=0 -DNCYC=0|resumed_after_shutdown"
)
EXTENDED=(
"nomask|verify|safety|-DPRINTF_WITNESS -DNOMASK=0 -DSLEEP=0 -DSHUTDOWN=0|"
"nomask-shutdown|verify|safety|-DPAN_COLLAPSE -DNOMASK=0 -DSLEEP=0 -DSHUTDOWN=1|"
"safety-ncyc2|verify|safety|-DPAN_COLLAPSE -DNCYC=2|"
"all-stall|verify|safety|-DALL_STALL|"
"no-storm-np-spurious|verify|np|-DPAN_COLLAPSE -DSTORM_BY_NP -DSPUR_ONLY=2|"
)

# properties that a run checks besides its own name, reported (and counted)
# as checks of their own: name|run|what (the run must not use -DSTORM_BY_NP)
ALSO=(
"no-storm|safety|the strict storm assertion (irq_storm) at every unmask"
)

case "${1:-}" in
--list)
	for c in "${CHECKS[@]}" "${EXTENDED[@]}"; do echo "$c"; done
	for a in "${ALSO[@]}"; do
		IFS='|' read -r aname arun awhat <<<"$a"
		echo "$aname|checked in the $arun run|$awhat"
	done
	exit 0 ;;
--extended)
	CHECKS+=("${EXTENDED[@]}") ;;
"") ;;
*)
	echo "usage: $0 [--extended|--list]" >&2
	exit 2 ;;
esac

# witnesses: printf("WITNESS n reached") sites in the model that the named
# run (one with -DPRINTF_WITNESS) must execute (pan -DPRINTF prints them)
WITNESSES=(
"1|retained-fault-drained-at-resume|safety"
"2|client-get-sync-waits-for-suspending|safety"
"3|synchronize-irq-waits-for-handler|safety"
"4|mmu500-ignores-resume|safety"
"5|foreign-irq-while-gated|safety"
"6|ebusy-with-no-usage-reference|safety"
"7|suspend-refused-while-thread-owes-fault|safety"
"8|suspend-refused-between-guard-and-usage-ref|safety"
"9|decline-drops-last-ref-while-suspending|impl-handlers"
"10|thread-takes-over-two-guards|nomask"
"11|irq-while-quiescing-parked-in-thread|safety"
"12|late-fault-lost-with-register-state|safety"
"13|stall-toggle-writes-behind-the-mask|set-stall"
"14|register-user-refused-while-gated|reg-user"
"15|tbu-checks-end-behind-the-mask|tbu-debug"
"16|callback-nests-after-the-stop|client-callback"
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
		if [[ "$sdefs" == *-DPAN_COLLAPSE* ]]; then
			sdefs=${sdefs//-DPAN_COLLAPSE/}
			pflags="$pflags -DCOLLAPSE"
		fi
		# shellcheck disable=SC2086
		spin -a $sdefs model.pml >spin.log 2>&1 || exit 1
		if [ "$mode" = np ]; then
			cc="-DNP"; panargs="-l"
		elif [ "$mode" = stall ]; then
			cc=""; panargs="-a"
		else
			cc="-DSAFETY"; panargs=""
		fi
		local ocflags=$PAN_CFLAGS
		[ "$kind" = control ] && ocflags=$PAN_CTL_CFLAGS
		# shellcheck disable=SC2086
		gcc $ocflags $cc $pflags -o pan pan.c >gcc.log 2>&1 || exit 1
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
			# the non-progress runs check the storm property
			found=irq_storm
		elif grep -q "^pan:[0-9]*: acceptance cycle" "$out"; then
			# the only never claim is that of stall_never_ended
			found=acceptance_cycle
			[ "$mode" = stall ] && found=stall_never_ended
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
			if [ "$mode" = stall ] && ! grep -q "acceptance   cycles.*+" "$out"; then
				verdict=FAIL; detail="acceptance cycle check not enabled"
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
# derived STATUS NAME WHY-PASSED WHY-FAILED: a check that a run answers besides
# its own verdict (a property checked or a witness reached in it)
derived() {
	if [ "$1" -eq 0 ]; then
		echo "model: $2: PASS ($3)"
		pass=$((pass + 1))
	else
		echo "model: $2: FAIL ($4)"
		fail=$((fail + 1))
	fi
}
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
	for a in "${ALSO[@]}"; do
		IFS='|' read -r aname arun awhat <<<"$a"
		[ "$arun" = "$name" ] || continue
		[ "$verdict" = PASS ] && [[ "$defs" != *-DSTORM_BY_NP* ]]
		derived $? "$aname" "$awhat, checked in the $name run" \
			"$awhat, not verified by the $name run"
	done
	# witnesses are reported by the run that has them
	if [[ "$defs" == *-DPRINTF_WITNESS* ]]; then
		for w in "${WITNESSES[@]}"; do
			IFS='|' read -r wn wname wrun <<<"$w"
			[ "$wrun" = "$name" ] || continue
			[ "$verdict" = PASS ] &&
				grep -q "^WITNESS $wn reached" "$OUT/${name//:/_}/pan.out"
			derived $? "witness:$wname" "reached in the $name run" \
				"not reached in the $name run"
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
