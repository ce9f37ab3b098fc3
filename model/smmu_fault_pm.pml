/*
 * arm-smmu (SMMUv2 / MMU-500): fault interrupts vs runtime PM and system sleep.
 *
 * Promela model of the protocol implemented by the series (see README.md
 * for the mapping of every step to the function of the patched driver).
 *
 *   processes ("CPUs", all interleaved arbitrarily):
 *     hw           the SMMU: latches faults into FSR / sGFSR while clocked
 *     fault_irq    one per fault line (CB0, CB1, global): genirq level line,
 *                  IRQF_ONESHOT|IRQF_SHARED; the primary (hard-IRQ) handler
 *                  arm_smmu_{context,global}_fault_check() takes the guard
 *                  (lock-free arm_smmu_fault_tryget()) and, for a fault, a
 *                  usage count reference (arm_smmu_fault_wake_thread()); if
 *                  the guard is refused while a quiesce is masking
 *                  (ARM_SMMU_FAULT_QUIESCING), it wakes the thread without
 *                  one (arm_smmu_fault_refused()); the thread
 *                  arm_smmu_{context,global}_fault() takes over the passed
 *                  guards (atomic_xchg) and drops them
 *                  (arm_smmu_fault_thread_done(): exit or decline), or, with
 *                  none, waits for fault_lock and touches nothing
 *                  (arm_smmu_fault_thread_unguarded())
 *     extra_primary  (-DNOMASK=l only) the primary of line l running again
 *                  while its thread is pending or running: a flow that does
 *                  not mask the line (edge), which passes a second guard
 *     pm_worker    autosuspend timer + pm_wq: rpm_suspend(RPM_NOWAIT|RPM_AUTO)
 *     consumer     a master behind the SMMU: pm_runtime_get_sync/put cycles
 *     system       one system sleep cycle, then maybe shutdown (-DSLEEP=0,
 *                  -DSHUTDOWN=0/1: no sleep, never/always shut down)
 *     checker      final-state checks once nothing else can move
 *
 * smmu->fault_guard (one atomic_t: count | ARM_SMMU_FAULT_LIVE |
 * ARM_SMMU_FAULT_QUIESCING) is modelled as guard_count + guard_live +
 * quiescing; every atomic operation on it is one step.
 *
 * Safeguards can be removed one at a time (negative controls):
 *   -DNO_SYNC            quiesce(may_fail = false) waits for no handler: no
 *                        synchronize_irq(), no wait for fault_guard == 0
 *   -DMASK_AFTER_DRAIN   mask CFIE/CFCFG/GFIE after the drain, not before
 *   -DIN_USE             pm_runtime_get_if_in_use()-style guard in
 *                        arm_smmu_fault_tryget() instead of FAULT_LIVE
 *   -DNO_DRAIN           quiesce does not drain FSR/sGFSR
 *   -DNO_MAYFAIL         runtime suspend waits for handlers instead of -EBUSY
 *   -DDRAIN_ONCE         drain reads FSR once (no re-read after RESUME)
 *   -DDRAIN_NO_GLOBAL    drain skips sGFSR
 *   -DNO_RESUME          the context fault handler never writes RESUME
 *   -DRESET_CLEARS       arm_smmu_device_reset() blindly clears sGFSR/CB_FSR
 *                        (as linux-7.3 does) after the resume drain
 *   -DLIVE_AFTER_UNMASK  device_reset unmasks CFIE/GFIE, sets FAULT_LIVE later
 *   -DSHUTDOWN_NO_QUIESCE shutdown gates the clocks without quiescing
 *   -DGUARD_IN_THREAD    NULL primary (irq_default_primary_handler), the
 *                        thread calls arm_smmu_fault_enter() (first design)
 *   -DALWAYS_WAKE        the core primary wakes the thread even if FSR is clean
 *   -DDECLINE_NO_REQUEUE arm_smmu_fault_decline() drops the usage count
 *                        without requesting a suspend (pm_runtime_put_noidle);
 *                        only reachable with -DIMPL (or -DNOMASK)
 *   -DEBUSY_NO_MARK      arm_smmu_runtime_suspend() returns -EBUSY without
 *                        pm_runtime_mark_last_busy()
 *   -DTRYGET_SPLIT       arm_smmu_fault_tryget() as atomic_read() of
 *                        FAULT_LIVE, then atomic_inc() (not one cmpxchg)
 *   -DNO_QUIESCING       the driver before the fix of finding 7: no
 *                        ARM_SMMU_FAULT_QUIESCING bit; a refused primary
 *                        returns IRQ_NONE, a thread without guards returns
 *                        IRQ_NONE without taking fault_lock
 *
 * Other switches:
 *   -DIMPL               impl->context_fault / impl->global_fault present:
 *                        the primary wakes the thread after the guard without
 *                        reading FSR, the thread may find nothing and decline
 *   -DNOMASK=l           line l (0, 1 or GLB=2) has a flow that does not mask
 *                        it while the thread runs: its primary may run again
 *                        (NEXTRA times) and pass a second guard
 *   -DRPM_OFF            runtime PM never enabled (no pm_domain, CONFIG_PM=n)
 *   -DALL_STALL          both context banks use stall mode
 *   -DRETAIN             the SMMU always keeps its registers across clock
 *                        gating (default: each clk_bulk_disable() may keep
 *                        or lose FSR/sGFSR/SS/SCTLR/sCR0 state)
 *   -DTBU_DEBUG          the Qualcomm TBU checks in the context fault thread,
 *                        which mask the bank and write SCTLR back;
 *                        -DTBU_RESTORE_BLIND: the write-back ignores whether
 *                        fault handling was stopped meanwhile
 *   -DSET_STALL          qcom_adreno_smmu_set_stall() on CB0 from process
 *                        context (a non-IRQ user of the guard), -DNO_REMASK:
 *                        system sleep / shutdown do not mask again after
 *                        waiting for the guard
 *   -DCLIENT_CALLBACK    the client's fault handler may call a callback of
 *                        its domain (drm/msm: get_fault_info(), set_stall()),
 *                        which nests in the thread's guard even after fault
 *                        handling was stopped; -DCALLBACK_TRYGET: it takes the
 *                        guard like any other user (the driver before)
 *   -DREG_USER           a process-context register user taking the guard
 *                        (planned: every register path), and system sleep
 *                        disabling runtime PM first; -DREG_USER_NO_GUARD,
 *                        -DRPM_PUT_IF_ENABLED: see reg_user
 *   -DSLEEP_RPM_ON       control: arm_smmu_pm_suspend() without
 *                        pm_runtime_disable() first (the earlier driver)
 *   -DSLEEP_RPM_BARRIER  control: ... with pm_runtime_barrier() instead
 *   -DNO_SYNC_RCU        control: system sleep / shutdown do not wait for
 *                        the register paths' RCU sections
 *   -DRPM_GET_NOREF      control: arm_smmu_rpm_get() takes no reference
 *                        while runtime PM is disabled (the earlier version)
 *   -DRPM_GET_SPLIT      control: arm_smmu_rpm_get() looks at whether
 *                        runtime PM is enabled, then takes its reference in
 *                        a step of its own (the driver with 38 patches)
 *   -DSHUTDOWN_RPM_ON    control: shutdown keeps runtime PM enabled until
 *                        pm_runtime_force_suspend() (the driver before)
 *   -DNO_FSR_CHECK       control: the context fault thread does not return
 *                        IRQ_NONE for a clean FSR (with -DIMPL)
 *   -DEXIT_NO_PUT        control: arm_smmu_fault_exit() leaks the usage count
 *   -DREPORT_AFTER_EXIT  control: the thread drops its guard, then reports
 *   -DSTALL_LIVENESS     the never claim of stall_never_ended (pan -a)
 *   -DSTORM_BY_NP        drop the IRQ_NONE assertion; the storm property is
 *                        then checked as "no non-progress cycle" (pan -DNP -l)
 *
 * Bounds (override with -D):  NF faults, NSPUR foreign interrupts on our
 * shared lines, NCYC consumer runtime resume/suspend cycles, NEXTRA.
 */

#ifndef NF
#define NF     2        /* faults the hardware may raise in one run */
#endif
#ifndef NSPUR
#define NSPUR  1        /* interrupts raised by other devices on our shared lines */
#endif
#ifdef SPUR_ONLY
#define SPUR_LINE(l) ((l) == SPUR_ONLY)  /* only this line is shared */
#else
#define SPUR_LINE(l) 1  /* every line may see foreign interrupts */
#endif
#ifndef NEXTRA
#define NEXTRA 1        /* -DNOMASK: extra primary runs during the thread */
#endif
#ifndef NREG
#define NREG   1        /* -DREG_USER: register accesses of the register user */
#endif
#ifndef NCYC
#define NCYC   1        /* consumer get_sync/put_autosuspend cycles (2: --extended) */
#endif
#ifndef SLEEP
#define SLEEP  1        /* one system sleep cycle (pm_suspend/pm_resume) */
#endif
#ifndef SHUTDOWN
#define SHUTDOWN 2      /* then arm_smmu_device_shutdown(): 0 never, 1 always,
                         * 2 either (runs without it check that autosuspend
                         * is not lost) */
#endif

#define NCB    2        /* context banks in use (smmu->cbs[i].cfg != NULL) */
#define GLB    NCB      /* index of the global "bank": sGFSR / sCR0.GFIE */
#define NL     3        /* fault lines: CB0, CB1, global (NCB + 1) */

/* SCTLR.CFCFG configured by the domain: CB0 stalls (Adreno-like, with
 * HUPCF=1 so later transactions may fault while stalled), CB1 terminates. */
#ifdef ALL_STALL
#define CFG_STALL(b)  ((b) < NCB)
#else
#define CFG_STALL(b)  ((b) == 0)
#endif

/* qsmmu->stall_enabled of CB0 (Adreno): qcom_adreno_smmu_write_sctlr()
 * sets CFCFG from it when the reset writes the context bank */
#ifdef SET_STALL
bit  stall_cfg0 = CFG_STALL(0);
#define STALL_CFG(b)  ((b) == 0 -> stall_cfg0 : CFG_STALL(b))
#else
#define STALL_CFG(b)  CFG_STALL(b)
#endif

/* runtime PM status (dev->power.runtime_status) */
#define RPM_ACTIVE      0
#define RPM_SUSPENDING  1
#define RPM_SUSPENDED   2
#define RPM_RESUMING    3

#define IRQ_NONE        0
#define IRQ_HANDLED     1
#define IRQ_WAKE_THREAD 2
#define EBUSY           1   /* arm_smmu_quiesce_faults() return (0 or -EBUSY) */

/* ghost state of one fault record (one FSR/sGFSR fault bit) */
#define R_NONE    0     /* bit clear */
#define R_LATCH   1     /* latched by the hardware, not read yet */
#define R_REPORT  2     /* read by a fault handler: reported (client / log) */
#define R_DRAIN   3     /* read by arm_smmu_drain_faults(): logged */
#define R_TAKEN   4     /* latched, seen by a primary handler that woke the
                         * thread (-DIMPL: latched when the primary woke the
                         * thread; -DGUARD_IN_THREAD: latched when the
                         * interrupt was taken while guard_live): owed to the
                         * thread, must be reported, never drained */
#define R_LATE    5     /* latched after the last drain read of its bank since
                         * fault handling was stopped (drained[b]): the only
                         * kind of record that may still be pending when the
                         * clocks go off, and that the hardware may then lose */
#define PENDING(r) ((r) == R_LATCH || (r) == R_TAKEN || (r) == R_LATE)	/* set, not read yet */

/* property names: never set (hidden: not in the state vector); check(c, k)
 * asserts (c || k), so that pan names the property that failed */
hidden byte unclocked_register_access, stalled_at_clock_off, fault_lost,
            fault_reported_twice, irq_storm, deadlock, refs_unbalanced,
            autosuspend_lost, force_suspend_failed, handler_resumes_smmu,
            taken_fault_lost, client_without_fault, spurious_woke_thread,
            undrained_at_clock_off, stall_never_ended, resumed_in_sleep,
            resumed_after_shutdown, callback_refused;

/* witnesses: scenarios the verification run must reach (so that the
 * properties are not vacuous). Each witness site is a printf("WITNESS n
 * reached"); pan compiled with -DPRINTF prints it whenever the search
 * executes it; it does not change the state space. */

/* ------------------------------------------------------------------ */
/* Hardware state                                                      */
/* ------------------------------------------------------------------ */
bit  clk = 1;           /* clk_bulk_enable()d */
bit  ie[NL];            /* SCTLR.CFIE per CB, sCR0.GFIE|GCFGFIE for global */
bit  stall[NL];         /* SCTLR.CFCFG (1 = stall); stall[GLB] stays 0 */
byte recF[NL];          /* fault class bits (TF/PF/EF/...; sGFSR USF/...) */
byte recM[NL];          /* FSR.MULTI / sGFSR.MULTI */
bit  ss[NL];            /* FSR.SS (stalled transaction); ss[GLB] stays 0 */
bit  drained[NL];       /* ghost: a drain has read bank b since fault handling
                         * was last stopped (quiesce) or started (reset) */

/* level interrupt line of bank b */
#define ASSERTED(b)  (ie[b] && (recF[b] != R_NONE || recM[b] != R_NONE || ss[b]))

/* ------------------------------------------------------------------ */
/* Kernel state                                                        */
/* ------------------------------------------------------------------ */
/* smmu->fault_guard: one atomic_t, modelled as its two fields */
bit  guard_live = 1;    /* ARM_SMMU_FAULT_LIVE (set by probe's reset) */
byte guard_count;       /* fault_guard & ~ARM_SMMU_FAULT_LIVE: guards held */
#ifndef NO_QUIESCING
bit  quiescing;         /* ARM_SMMU_FAULT_QUIESCING of fault_guard: set by the
                         * quiesce's cmpxchg that clears FAULT_LIVE, cleared by
                         * its atomic_andnot() after arm_smmu_mask_faults(),
                         * still under fault_lock. fault_lock is held exactly
                         * while it is set (the lock's other sections are one
                         * step each), so the thread's lock + unlock is a wait
                         * for !quiescing */
#endif
byte guards[NL];        /* smmu_domain->fault_guards / smmu->global_fault_guards:
                         * guards passed from the primary to the thread */
#ifdef NOMASK
bit  rerun;             /* IRQTF_RUNTHREAD set again while the thread of line
                         * NOMASK runs: it runs once more */
bit  xactive;           /* the extra primary of line NOMASK is running */
bit  in_thread;         /* the thread of line NOMASK is woken or running */
#endif
bit  irq_active[NL];    /* genirq: primary running (IRQD_IRQ_INPROGRESS) or
                         * thread woken/running (desc->threads_active) */
bit  irqs_off;          /* suspend_device_irqs() .. resume_device_irqs() */
byte spur = NSPUR;      /* remaining foreign interrupts on shared lines */

byte status = RPM_ACTIVE;  /* dev->power.runtime_status */
byte usage;             /* dev->power.usage_count */
#ifdef RPM_OFF
byte disable_depth = 1; /* never enabled: no dev->pm_domain, or CONFIG_PM=n */
bit  timer_armed = 0;
#else
byte disable_depth;     /* dev->power.disable_depth */
bit  timer_armed = 1;   /* autosuspend timer / request pending (after probe) */
#endif
bit  bumped;            /* last_busy moved since this suspend attempt began */

bit  rcu_in;            /* -DREG_USER: the register user is in its RCU read-side
                         * critical section (arm_smmu_hw_live() + MMIO) */
bit  slept_rs;          /* smmu->slept_runtime_suspended */
bit  in_sleep;          /* between arm_smmu_pm_suspend() and arm_smmu_pm_resume() */
bit  frozen;            /* consumers suspended by system sleep / shutdown */
bit  shut;              /* ghost: shutdown has resumed the SMMU for the last time */
bit  consumer_busy;

/* ghost counters */
byte nf;                /* faults raised by the hardware */
byte nrec;              /* fault records latched (0->1 transitions) */
byte nmerged;           /* faults merged into an already latched MULTI */
byte nrep;              /* records reported (client / global handler log) */
byte ndrained;          /* records drained and logged */
byte nlost;             /* records lost with the register state at clock-off
                         * (each one R_LATE: latched after the drain) */
byte nwait;             /* processes sleeping in synchronize_irq / rpm waits */

#ifdef IN_USE
/* pm_runtime_get_if_in_use(): > 0 only if ACTIVE, enabled and usage_count != 0 */
#define GUARD_OK  (usage > 0 && status == RPM_ACTIVE && disable_depth == 0)
#else
#define GUARD_OK  guard_live
#endif

/* a re-fire would not return IRQ_NONE either: arm_smmu_fault_refused()
 * parks it in the thread until the quiesce's mask is done */
#ifndef NO_QUIESCING
#define REFIRE_PARKED quiescing
#else
#define REFIRE_PARKED 0
#endif

#ifdef NO_MAYFAIL
#define RT_MAYFAIL 0
#else
#define RT_MAYFAIL 1
#endif

/* a property: fails as "assertion violated ((cond)||kind)" */
inline check(cond, kind)
{
	assert((cond) || kind)
}

#define ANY_RECORD (recF[0] != R_NONE || recM[0] != R_NONE || recF[1] != R_NONE || \
                    recM[1] != R_NONE || recF[GLB] != R_NONE || recM[GLB] != R_NONE)

/* every MMIO access of the driver */
inline reg()
{
	check(clk, unclocked_register_access)
}

/* ------------------------------------------------------------------ */
/* SMMU hardware (MMU-500 semantics)                                   */
/* ------------------------------------------------------------------ */

/* the ghost state of a new record on bank b */
#define LATCHED(b) (drained[b] -> R_LATE : R_LATCH)

/* a translation fault on bank b (only while clocked) */
inline inject(b)
{
	nf++;
	if
	:: recF[b] == R_NONE -> recF[b] = LATCHED(b); nrec++
	:: else ->
		if
		:: recM[b] == R_NONE -> recM[b] = LATCHED(b); nrec++	/* MULTI */
		:: else -> nmerged++	/* covered by the latched MULTI */
		fi
	fi;
	if
	:: stall[b] -> ss[b] = 1	/* CFCFG=1: transaction stalls */
	:: else				/* CFCFG=0: terminated */
	fi
}

/* read FSR / sGFSR (marks the records seen by "who") */
inline read_fsr(b, who)
{
	reg();
	if
	:: recF[b] != R_NONE ->
		check(PENDING(recF[b]), fault_reported_twice);
		check(recF[b] != R_TAKEN || who == R_REPORT, taken_fault_lost);
		recF[b] = who; rF = 1
	:: else -> rF = 0
	fi;
	if
	:: recM[b] != R_NONE ->
		check(PENDING(recM[b]), fault_reported_twice);
		check(recM[b] != R_TAKEN || who == R_REPORT, taken_fault_lost);
		recM[b] = who; rM = 1
	:: else -> rM = 0
	fi;
	rS = ss[b];
	if :: who == R_DRAIN -> drained[b] = 1 :: else fi
}

/* write back the value read: write-1-to-clear; SS is read-only */
inline w1c(b)
{
	reg();
	if
	:: rF && recF[b] != R_NONE ->
		check(!PENDING(recF[b]), fault_lost);
		if :: recF[b] == R_REPORT -> nrep++ :: else -> ndrained++ fi;
		recF[b] = R_NONE
	:: else
	fi;
	if
	:: rM && recM[b] != R_NONE ->
		check(!PENDING(recM[b]), fault_lost);
		if :: recM[b] == R_REPORT -> nrep++ :: else -> ndrained++ fi;
		recM[b] = R_NONE
	:: else
	fi
}

/* write RESUME (retry or terminate): MMU-500 ignores it while any FSR bit
 * other than SS is set; it is the only way to clear SS */
inline resume_write(b)
{
	reg();
	if
	:: recF[b] == R_NONE && recM[b] == R_NONE -> ss[b] = 0
	:: else
	fi
}

/* ------------------------------------------------------------------ */
/* Runtime PM core (drivers/base/power/runtime.c)                      */
/* ------------------------------------------------------------------ */

/* pm_runtime_get_sync(): usage_count++, rpm_resume(dev, 0) */
inline pm_runtime_get_sync()
{
	d_step { usage++ };
	rpm_resume_sync()
}

/* rpm_resume(dev, 0), as pm_runtime_resume() calls it; the usage count
 * increment of pm_runtime_get_sync() before it is a step of its own (an
 * atomic_inc() before the lock is taken) */
inline rpm_resume_sync()
{
	atomic {
		nwait++;
		/* sleep on power.wait_queue while SUSPENDING / RESUMING */
		(disable_depth > 0 || (status != RPM_SUSPENDING && status != RPM_RESUMING));
		nwait--;
		if
		:: disable_depth == 0 && status == RPM_SUSPENDED ->
			/* no runtime resume starts during system sleep */
			check(!in_sleep, resumed_in_sleep);
			status = RPM_RESUMING; rr = 1
		:: else -> rr = 0	/* 1 (already ACTIVE) or -EACCES (disabled) */
		fi
	}
	if
	:: rr ->
		arm_smmu_runtime_resume();
		d_step { status = RPM_ACTIVE; rr = 0 }	/* + wake_up_all() */
	:: else
	fi
}

/* pm_runtime_put_autosuspend() / pm_runtime_put(): mark_last_busy, then
 * rpm_suspend(RPM_ASYNC|RPM_AUTO): arms the autosuspend timer when
 * usage_count drops to 0; -EINPROGRESS while SUSPENDING (the failing
 * suspend re-arms itself because last_busy moved) */
inline pm_runtime_put_autosuspend()
{
	d_step {
		check(usage > 0, refs_unbalanced);
		usage--;
		bumped = 1;
		if
		:: usage == 0 && disable_depth == 0 &&
		   (status == RPM_ACTIVE || status == RPM_RESUMING) -> timer_armed = 1
		:: else
		fi
	}
}

/* wait until no runtime PM transition is in progress (pm_runtime_barrier,
 * __pm_runtime_disable) and cancel the autosuspend timer */
inline rpm_barrier()
{
	nwait++;
	(status != RPM_SUSPENDING && status != RPM_RESUMING);
	nwait--;
	timer_armed = 0
}

/* ------------------------------------------------------------------ */
/* genirq                                                              */
/* ------------------------------------------------------------------ */

/* synchronize_irq(): wait for the primary and the thread of the line */
inline synchronize_irq(l)
{
	atomic {
		/* witness 3: waits for a handler that got in (!may_fail paths) */
		if :: irq_active[l] && guard_count > 0 -> printf("WITNESS 3 reached\n") :: else fi;
		nwait++;
#ifdef NOMASK
		!irq_active[l] && !(l == NOMASK && xactive);
#else
		!irq_active[l];
#endif
		nwait--
	}
}

/* ------------------------------------------------------------------ */
/* The driver (patched arm-smmu.c)                                     */
/* ------------------------------------------------------------------ */

/* arm_smmu_fault_tryget(): lock-free; one atomic_try_cmpxchg() loop that
 * increments the count only while ARM_SMMU_FAULT_LIVE is set -> ok */
inline arm_smmu_fault_tryget()
{
#ifndef TRYGET_SPLIT
	d_step {
		if
		:: GUARD_OK ->
			guard_count++;
			ok = 1
		:: else ->
			ok = 0;
			/* witness 5: foreign interrupt on our line while gated */
			if :: !clk -> printf("WITNESS 5 reached\n") :: else fi
		fi
	}
#else
	/* control: if (atomic_read() & LIVE) atomic_inc(): two steps */
	ok = GUARD_OK;
	if
	:: ok -> guard_count++
	:: else
	fi
#endif
}

/* arm_smmu_fault_put(): atomic_dec_return(), wake_up_var() at 0. No
 * runtime PM call: the primary's path for an interrupt that is not ours */
inline arm_smmu_fault_put()
{
	d_step { check(guard_count > 0, refs_unbalanced); guard_count-- }
}

/* arm_smmu_fault_enter(): tryget, then pm_runtime_get_noresume(). Used by
 * the model only for -DGUARD_IN_THREAD (the thread takes the guard) */
inline arm_smmu_fault_enter()
{
	arm_smmu_fault_tryget();
	if
	:: ok -> d_step { usage++ }
	:: else
	fi
}

/* arm_smmu_fault_exit(): put the guard, pm_runtime_put_autosuspend() */
inline arm_smmu_fault_exit()
{
	arm_smmu_fault_put();
#ifndef EXIT_NO_PUT
	pm_runtime_put_autosuspend()
#else
	skip				/* control: the usage reference leaks */
#endif
}

/* arm_smmu_fault_decline(): a thread whose body returned IRQ_NONE. Puts the
 * guard like arm_smmu_fault_exit(), but the usage count without marking
 * last_busy: __pm_runtime_put_autosuspend() = __pm_runtime_suspend(RPM_GET_PUT
 * | RPM_ASYNC | RPM_AUTO), which (re)arms the autosuspend timer with the old
 * last_busy when the count hits 0 (rpm_suspend: ACTIVE -> expiration check
 * -> timer or pm_wq request), and returns -EINPROGRESS without any request
 * while a suspend is in progress (SUSPENDING: the expiration check is
 * skipped). Only reachable with -DIMPL or -DNOMASK: a thread of the core
 * handler always finds the fault its primary saw. */
inline arm_smmu_fault_decline()
{
	arm_smmu_fault_put();
	d_step {
		check(usage > 0, refs_unbalanced);
		usage--;
		/* witness 9: the last reference is dropped by a decline while a
		 * runtime suspend is in progress (it will fail with -EBUSY) */
		if :: usage == 0 && status == RPM_SUSPENDING -> printf("WITNESS 9 reached\n") :: else fi;
#ifndef DECLINE_NO_REQUEUE
		if
		:: usage == 0 && disable_depth == 0 &&
		   (status == RPM_ACTIVE || status == RPM_RESUMING) -> timer_armed = 1
		:: else
		fi
#else
		skip			/* pm_runtime_put_noidle() */
#endif
	}
}

/* ghost: the records latched on bank b are owed to the thread being woken */
inline take_records(b)
{
	if :: recF[b] == R_LATCH || recF[b] == R_LATE -> recF[b] = R_TAKEN :: else fi;
	if :: recM[b] == R_LATCH || recM[b] == R_LATE -> recM[b] = R_TAKEN :: else fi
}

/* genirq, -DNOMASK only: IRQ_WAKE_THREAD from a primary of line NOMASK
 * wakes its thread, or sets IRQTF_RUNTHREAD again if it is woken/running */
inline genirq_wake(b)
{
#ifdef NOMASK
	if
	:: b == NOMASK -> if :: in_thread -> rerun = 1 :: else -> in_thread = 1 fi
	:: else
	fi;
#endif
	ret = IRQ_WAKE_THREAD
}

/* arm_smmu_fault_wake_thread(): pm_runtime_get_noresume() (usage_count++,
 * no lock), atomic_inc(guards), IRQ_WAKE_THREAD. (The two increments are one
 * step: the thread reads guards only after IRQ_WAKE_THREAD, or, -DNOMASK,
 * runs again for a guard it missed.) */
inline arm_smmu_fault_wake_thread(b)
{
	d_step {
		usage++;
		guards[b]++;
#ifdef IMPL
		take_records(b);	/* the thread owns what is latched now */
#endif
		genirq_wake(b)
	}
}

/* arm_smmu_fault_refused(): the tryget failed; atomic_read(&fault_guard), a
 * step of its own after the tryget's failed read: ARM_SMMU_FAULT_QUIESCING
 * set (a quiesce between its cmpxchg and its atomic_andnot() after the mask)
 * -> IRQ_WAKE_THREAD without a guard (ONESHOT keeps the line masked until the
 * thread, arm_smmu_fault_thread_unguarded(), has waited for fault_lock);
 * else IRQ_NONE. -DNO_QUIESCING: IRQ_NONE, no step. */
inline arm_smmu_fault_refused(b)
{
#ifndef NO_QUIESCING
	d_step {
		if
		:: quiescing ->
			/* witness 11: the line is still asserted, i.e. the
			 * mask has not landed (the KUnit case
			 * arm_smmu_test_irq_while_quiescing_keeps_line_masked) */
			if :: ASSERTED(b) -> printf("WITNESS 11 reached\n") :: else fi;
			genirq_wake(b)
		:: else -> ret = IRQ_NONE
		fi
	}
#else
	ret = IRQ_NONE
#endif
}

/* arm_smmu_fault_thread_unguarded(): a thread run with no guard passed
 * (woken by arm_smmu_fault_refused(), or, -DNOMASK, again for a guard its
 * previous run took over): spin_lock_irqsave(fault_lock) + unlock, i.e. wait
 * until no quiesce is between its cmpxchg and its atomic_andnot() (see
 * quiescing), then IRQ_NONE, touching no register. -DNO_QUIESCING: the
 * previous driver, IRQ_NONE at once. */
inline arm_smmu_fault_thread_unguarded()
{
#ifndef NO_QUIESCING
	!quiescing;
#endif
	ret = IRQ_NONE
}

/* arm_smmu_fault_thread_done(): per guard taken over, exit if the body
 * handled a fault, decline if it returned IRQ_NONE */
inline arm_smmu_fault_thread_done()
{
	do
	:: g > 0 ->
		if
		:: ret == IRQ_NONE -> arm_smmu_fault_decline()
		:: else -> arm_smmu_fault_exit()
		fi;
		g--
	:: else -> break
	od
}

#ifdef CLIENT_CALLBACK
/* arm_smmu_domain_fault_enter() called by the thread that runs the domain's
 * iommu fault handler (smmu_domain->fault_reporter == current): a nested
 * guard, whatever guard_live says; the thread's own guard keeps system sleep
 * and shutdown waiting, clocked, until both are dropped */
inline arm_smmu_domain_fault_enter()
{
#ifndef CALLBACK_TRYGET
	d_step { guard_count++; usage++; cbok = 1 }
#else
	/* control: as any other user, refused once fault handling stopped */
	arm_smmu_fault_enter();
	cbok = ok
#endif
}

/* a callback of the client's own domain from within its fault handler:
 * qcom_adreno_smmu_get_fault_info() reads the fault registers (and
 * set_stall(false) writes SCTLR.CFCFG, which only ever turns stalling off
 * here). Refusing it hands the client an empty record of its own fault. */
inline client_callback()
{
	if
	:: skip
	:: arm_smmu_domain_fault_enter();
	   check(cbok, callback_refused);
	   if
	   :: cbok -> d_step {
			reg();
			/* witness 16: nested after fault handling was stopped */
			if :: !guard_live -> printf("WITNESS 16 reached\n") :: else fi
		   };
		   arm_smmu_fault_exit()
	   :: else
	   fi;
	   cbok = 0
	fi
}
#endif

/* the client's fault handler, called by report_iommu_fault(): may sleep,
 * may pm_runtime_get_sync() its device (which resumes the SMMU supplier
 * through the device link), returns -EAGAIN (retry) or anything else.
 * The handler holds a guard (and a usage reference), so this get_sync must
 * never have to run the SMMU's resume callback (that would reset the SMMU
 * under the handler): it may only wait for a SUSPENDING that is going to
 * fail. */
inline client_fault_handler()
{
	/* called only for a fault the thread read from FSR itself */
	check(rF || rM || rS, client_without_fault);
	if
	:: skip
	:: atomic {
		/* witness 2: waits for a runtime suspend (that will fail) */
		if :: status == RPM_SUSPENDING -> printf("WITNESS 2 reached\n") :: else fi;
		usage++;			/* pm_runtime_get_sync() */
		nwait++;
		(disable_depth > 0 || (status != RPM_SUSPENDING && status != RPM_RESUMING));
		nwait--;
		check(disable_depth > 0 || status == RPM_ACTIVE, handler_resumes_smmu)
	   }
	   pm_runtime_put_autosuspend()
	fi
#ifdef CLIENT_CALLBACK
	client_callback();
#endif
	/* return value: see the RESUME write in arm_smmu_context_fault_body() */
}

#ifdef TBU_DEBUG
/* qcom_smmu_debug_context_fault(), for a fault that no client handled (a
 * choice here): the TBU checks save SCTLR and clear CFIE/CFCFG while they
 * halt the TBU and run ATOS, then write SCTLR back with
 * arm_smmu_restore_sctlr(): under fault_lock, which the quiesce's mask
 * holds, and with the enables only while fault handling is live
 * (-DTBU_RESTORE_BLIND: written back as saved, the driver before) */
inline qcom_smmu_debug_context_fault(b)
{
	if
	:: skip
	:: d_step { reg(); tie = ie[b]; tst = stall[b]; ie[b] = 0; stall[b] = 0 };
	   d_step {
		reg();
		/* witness 15: the checks end after a quiesce's mask */
		if :: !guard_live && tie -> printf("WITNESS 15 reached\n") :: else fi;
#ifndef TBU_RESTORE_BLIND
		if :: !guard_live -> tie = 0; tst = 0 :: else fi;
#endif
		ie[b] = tie; stall[b] = tst; tie = 0; tst = 0
	   }
	fi
}
#endif

/* core body of arm_smmu_context_fault() */
inline arm_smmu_context_fault_body(cb)
{
	d_step { read_fsr(cb, R_REPORT) }		/* FSR first */
	if
#ifndef NO_FSR_CHECK
	:: !(rF || rM || rS) -> ret = IRQ_NONE		/* one read */
#endif
	:: else ->
		d_step { reg() }			/* FAR, FSYNR0, CBFRSYNRA */
#ifndef REPORT_AFTER_EXIT
		client_fault_handler();			/* report_iommu_fault() */
#endif
#ifdef TBU_DEBUG
		qcom_smmu_debug_context_fault(cb);
#endif
		d_step { w1c(cb); did = rF || rM }	/* FSR = fsr (W1C) */
		if
		:: rS -> atomic {
			/* RESUME = (client returned -EAGAIN) ? retry : terminate.
			 * Both clear SS (if accepted); a retried transaction that
			 * faults again is just another fault from hw() */
			if :: cret = 1 :: cret = 0 fi;
			/* witness 4: a new fault makes the MMU-500 ignore RESUME */
			if :: recF[cb] != R_NONE || recM[cb] != R_NONE -> printf("WITNESS 4 reached\n") :: else fi;
#ifndef NO_RESUME
			resume_write(cb);
			/* the stall ended: progress */
			if :: !ss[cb] -> did = 1 :: else fi;
#endif
			cret = 0
		   }
		:: else
		fi;
		ret = IRQ_HANDLED
	fi
}

/* core body of arm_smmu_global_fault() */
inline arm_smmu_global_fault_body()
{
	d_step { read_fsr(GLB, R_REPORT) }		/* sGFSR first */
	if
	:: !(rF || rM) -> ret = IRQ_NONE
	:: else ->
		d_step { reg() }			/* sGFSYNR0..2, dev_err_ratelimited */
		d_step { w1c(GLB); did = 1 }		/* sGFSR = gfsr */
		ret = IRQ_HANDLED
	fi
}

/* arm_smmu_mask_faults(): sCR0 &= ~(GFIE|GCFGFIE); per CB in use
 * SCTLR &= ~(CFIE|CFCFG) */
inline arm_smmu_mask_faults()
{
	reg();
	for (i : 0 .. NL - 1) {
		ie[i] = 0;
		stall[i] = 0
	}
	i = 0
}

/* end of arm_smmu_device_reset(): CFIE/CFCFG/GFIE restored */
inline arm_smmu_unmask_faults()
{
	reg();
	for (i : 0 .. NL - 1) {
		ie[i] = 1;
		stall[i] = STALL_CFG(i)
	}
	i = 0
}

/* arm_smmu_drain_faults(), one context bank: up to ARM_SMMU_DRAIN_TRIES
 * rounds of: read FSR; clean -> done; else write it back (W1C),
 * RESUME=TERMINATE if SS, dev_warn_ratelimited (never report_iommu_fault).
 * The re-read matters: the MMU-500 ignores the RESUME if a new fault was
 * latched after the read (HUPCF=1 lets later transactions fault while
 * stalled), which would leave SS set. (With NF faults the bound of 4 is
 * never reached; -DDRAIN_ONCE sets it to 1.) */
#ifdef DRAIN_ONCE
#define DRAIN_TRIES 1
#endif
#ifndef DRAIN_TRIES
#define DRAIN_TRIES 4	/* ARM_SMMU_DRAIN_TRIES */
#endif
inline arm_smmu_drain_bank(b)
{
	t = DRAIN_TRIES;
	do
	:: t > 0 ->
		t--;
		d_step { read_fsr(b, R_DRAIN) }
		if
		:: !(rF || rM || rS) -> break
		:: else ->
			d_step { w1c(b) }
			if
			:: rS -> d_step { resume_write(b) }	/* TERMINATE */
			:: else
			fi
		fi
	:: else -> break
	od;
	atomic { t = 0; rF = 0; rM = 0; rS = 0 }
}

/* arm_smmu_drain_faults(): every context bank in use, then one sGFSR read
 * (and its W1C if a fault is there) */
inline arm_smmu_drain_faults()
{
	for (i : 0 .. NCB - 1) {
		arm_smmu_drain_bank(i)
	}
	i = 0;
#ifndef DRAIN_NO_GLOBAL
	d_step { read_fsr(GLB, R_DRAIN) }
	if
	:: rF || rM -> d_step { w1c(GLB) }	/* sGFSYNRn, W1C, warn */
	:: else
	fi;
	d_step { rF = 0; rM = 0; rS = 0 }
#endif
	skip
}

/* ghost: fault handling stops (quiesce) or starts (reset): what is latched
 * from now on is owed to the next drain, or to the handlers */
inline forget_drains()
{
	for (i : 0 .. NL - 1) {
		drained[i] = 0;
		if :: recF[i] == R_LATE -> recF[i] = R_LATCH :: else fi;
		if :: recM[i] == R_LATE -> recM[i] = R_LATCH :: else fi
	}
	i = 0
}

#define ANY_TAKEN (recF[0] == R_TAKEN || recM[0] == R_TAKEN || recF[1] == R_TAKEN || \
                   recM[1] == R_TAKEN || recF[GLB] == R_TAKEN || recM[GLB] == R_TAKEN)

/* arm_smmu_quiesce_faults(smmu, may_fail) -> ret (0 or -EBUSY) */
inline arm_smmu_quiesce_faults(may_fail)
{
	/* spin_lock_irqsave(fault_lock); v = atomic_read(&fault_guard); the
	 * atomic_try_cmpxchg() loop: -EBUSY if may_fail and a guard is held,
	 * else clear FAULT_LIVE. The lock does not exclude the lock-free
	 * arm_smmu_fault_tryget(): only the cmpxchg is atomic with it. */
	d_step {
		if
		:: may_fail && guard_count > 0 -> ret = EBUSY;	/* + unlock */
			/* witness 7: refused while a primary handler has taken a
			 * fault that its thread has not read yet */
			if :: ANY_TAKEN -> printf("WITNESS 7 reached\n") :: else fi;
			/* witness 8: ... by a primary between its guard and its
			 * pm_runtime_get_noresume(): nothing else holds the SMMU */
			if :: ANY_TAKEN && usage == 0 -> printf("WITNESS 8 reached\n") :: else fi
		:: else ->
			/* (v & ~LIVE) | QUIESCING */
			guard_live = 0;
			forget_drains();
#ifndef NO_QUIESCING
			quiescing = 1;
#endif
			ret = 0
		fi
	}
	if
	:: ret == 0 ->
		/* arm_smmu_mask_faults(), still under fault_lock (IRQs off on
		 * this CPU only, !PREEMPT_RT) */
#ifndef MASK_AFTER_DRAIN
		d_step { arm_smmu_mask_faults() };
#endif
		/* atomic_andnot(QUIESCING), spin_unlock_irqrestore(): one step,
		 * as only the unguarded thread waits for the lock, and it waits
		 * for both */
#ifndef NO_QUIESCING
		quiescing = 0;
#endif
#ifndef NO_SYNC
		if
		:: !may_fail ->
			for (i : 0 .. NL - 1) {
				synchronize_irq(i)	/* every context and global IRQ */
			}
			i = 0;
#ifndef NO_SYNC_RCU
			/* synchronize_rcu(): the register paths' sections that
			 * may have seen FAULT_LIVE (with one register user,
			 * waiting for its section to end is exact) */
			atomic { nwait++; !rcu_in; nwait-- };
#endif
			/* wait_var_event(fault_guard == 0), then mask again */
			atomic { nwait++; guard_count == 0; nwait-- }
#ifndef NO_REMASK
			d_step { arm_smmu_mask_faults() }
#else
			skip
#endif
		:: else
		fi;
#endif
#ifndef NO_DRAIN
		arm_smmu_drain_faults();
#endif
#ifdef MASK_AFTER_DRAIN
		d_step { arm_smmu_mask_faults() };
#endif
		skip
	:: else
	fi
}

#define NO_REC(v) ((v) == R_NONE || (v) == R_LATE)
#define ANY_LATE (recF[0] == R_LATE || recM[0] == R_LATE || recF[1] == R_LATE || \
                  recM[1] == R_LATE || recF[GLB] == R_LATE || recM[GLB] == R_LATE)

/* the hardware loses its register state (power domain off with the clocks):
 * FSR/sGFSR records and SS, SCTLR.CFIE/CFCFG, sCR0.GFIE reset to 0 */
inline lose_registers()
{
	for (i : 0 .. NL - 1) {
		if :: recF[i] != R_NONE -> nlost++; recF[i] = R_NONE :: else fi;
		if :: recM[i] != R_NONE -> nlost++; recM[i] = R_NONE :: else fi;
		ss[i] = 0;
		ie[i] = 0;
		stall[i] = 0
	}
	i = 0
}

/* clk_bulk_disable(): no stalled transaction, and nothing pending but what
 * was latched after the drain's last read of its bank; then the SMMU keeps
 * its registers or loses them (-DRETAIN: always keeps them) */
inline clk_disable()
{
	d_step {
		check(!ss[0] && !ss[1], stalled_at_clock_off);
		check(!ANY_TAKEN, taken_fault_lost);
		check(NO_REC(recF[0]) && NO_REC(recM[0]) && NO_REC(recF[1]) &&
		      NO_REC(recM[1]) && NO_REC(recF[GLB]) && NO_REC(recM[GLB]),
		      undrained_at_clock_off);
		clk = 0
	}
#ifndef RETAIN
	if
	:: skip					/* state retained */
	:: d_step {
		/* witness 12: a record latched after the drain is lost */
		if :: ANY_LATE -> printf("WITNESS 12 reached\n") :: else fi;
		lose_registers()
	   }
	fi
#endif
}

/* arm_smmu_device_reset() (probe, runtime resume, system resume) */
inline arm_smmu_device_reset()
{
#ifdef RESET_CLEARS
	/* linux-7.3: sGFSR read + write back, CB_FSR = FSR_FAULT, unlogged */
	d_step { reg(); check(!PENDING(recF[GLB]) && !PENDING(recM[GLB]), fault_lost);
		 recF[GLB] = R_NONE; recM[GLB] = R_NONE }
	d_step { reg(); check(!PENDING(recF[0]) && !PENDING(recM[0]), fault_lost);
		 recF[0] = R_NONE; recM[0] = R_NONE }
	d_step { reg(); check(!PENDING(recF[1]) && !PENDING(recM[1]), fault_lost);
		 recF[1] = R_NONE; recM[1] = R_NONE }
#endif
	/* SMEs (reg writes, no fault state) */
	d_step { reg() }
#ifdef LIVE_AFTER_UNMASK
	d_step { arm_smmu_unmask_faults() }
	d_step { guard_live = 1; forget_drains() }
#else
	/* arm_smmu_fault_set_live(): atomic_or(FAULT_LIVE) under fault_lock,
	 * before any fault interrupt is enabled */
	d_step { guard_live = 1; forget_drains() };
	/* context banks (SCTLR.CFIE/CFCFG), TLBI, sCR0.GFIE|GCFGFIE */
	d_step { arm_smmu_unmask_faults() }
#endif
}

/* arm_smmu_runtime_resume() (also the body of arm_smmu_pm_resume()) */
inline arm_smmu_runtime_resume()
{
	d_step {
		/* nothing turns the SMMU on again once shutdown turned it off */
		check(!shut, resumed_after_shutdown);
		clk = 1;			/* clk_bulk_enable() */
		/* witness 1: a fault retained while gated, drained now */
		if :: ANY_RECORD -> printf("WITNESS 1 reached\n") :: else fi
	}
	arm_smmu_drain_faults();		/* faults retained while gated */
	arm_smmu_device_reset()
}

/* arm_smmu_runtime_suspend() -> ret: the .runtime_suspend callback
 * (may_fail = 1 when called by rpm_suspend) and the same body called by
 * arm_smmu_pm_suspend() (may_fail = 0) */
inline arm_smmu_runtime_suspend(may_fail)
{
	arm_smmu_quiesce_faults(may_fail);
	if
	:: ret == 0 -> clk_disable()
	:: else ->
#ifndef EBUSY_NO_MARK
		/* pm_runtime_mark_last_busy(), then return -EBUSY: rpm_suspend's
		 * -EBUSY path sees a new expiration and re-arms (or, usage_count
		 * > 0, leaves it to the last put) */
		bumped = 1
#else
		skip
#endif
	fi
}

/* ------------------------------------------------------------------ */
/* Processes                                                           */
/* ------------------------------------------------------------------ */

/* the SMMU: a fault may arrive on any bank whenever the clocks are on */
proctype hw()
{
end_hw:
	do
	:: d_step { clk && nf < NF -> inject(0) }
	:: d_step { clk && nf < NF -> inject(1) }
	:: d_step { clk && nf < NF -> inject(GLB) }
	od
}

/* the primary handler's register accesses (it may make one) */
inline preg()
{
	reg();
	pr++
}

#ifdef ALWAYS_WAKE
#define WAKE_ALWAYS 1
#else
#define WAKE_ALWAYS 0
#endif

/* the primary (hard-IRQ) handler of line l: arm_smmu_context_fault_check()
 * (l < NCB) or arm_smmu_global_fault_check() (l == GLB) -> ret */
inline fault_primary(l)
{
	arm_smmu_fault_tryget();		/* lock-free, never sleeps */
	if
	:: ok ->
#ifdef IMPL
		/* impl->context_fault / impl->global_fault: always woken */
		arm_smmu_fault_wake_thread(l)
#else
		d_step {
			preg();			/* CB FSR / sGFSR: the one read */
			seen = (recF[l] != R_NONE || recM[l] != R_NONE || ss[l]);
			if
			:: seen || WAKE_ALWAYS ->
				ret = IRQ_WAKE_THREAD;	/* holding the guard */
				take_records(l)
			:: else -> ret = IRQ_NONE
			fi;
			check(seen || ret != IRQ_WAKE_THREAD, spurious_woke_thread)
		}
		if
		:: ret == IRQ_WAKE_THREAD -> arm_smmu_fault_wake_thread(l)
		:: else -> arm_smmu_fault_put()	/* not ours: IRQ_NONE */
		fi
#endif
	:: else ->			/* no register access */
		arm_smmu_fault_refused(l)	/* IRQ_NONE, or wake unguarded */
	fi
}

/* one fault interrupt line: level-triggered, IRQF_ONESHOT|IRQF_SHARED,
 * handler = arm_smmu_context_fault_check() (l < NCB) or
 * arm_smmu_global_fault_check() (l == GLB), thread_fn =
 * arm_smmu_context_fault() or arm_smmu_global_fault().
 * genirq: the primary runs in hard-IRQ context with the line masked;
 * IRQ_WAKE_THREAD wakes the thread and (ONESHOT) the line stays masked until
 * the thread returns; IRQ_NONE wakes nothing and unmasks at once. The line
 * fires again after the unmask if still asserted (the loop below).
 * synchronize_irq() waits for both halves (irq_active). */
proctype fault_irq(byte l)
{
	bit ok, rF, rM, rS, cret, seen, did;
	byte ret, rr, i, pr, g;
#ifdef TBU_DEBUG
	bit tie, tst;
#endif
#ifdef CLIENT_CALLBACK
	bit cbok;
#endif
#ifdef NOMASK
	bit again;
#endif
end_idle:
	/* handle_fasteoi_irq(): the line masked (ONESHOT), primary handlers run */
	if
	:: d_step { !irqs_off && ASSERTED(l) -> irq_active[l] = 1;
#ifdef GUARD_IN_THREAD
		if :: guard_live -> take_records(l) :: else fi
#endif
	   }
	:: d_step { !irqs_off && spur > 0 && SPUR_LINE(l) -> spur--; irq_active[l] = 1;	/* other device */
#ifdef GUARD_IN_THREAD
		if :: guard_live -> take_records(l) :: else fi
#endif
	   }
	fi;
#ifdef GUARD_IN_THREAD
	/* irq_default_primary_handler() woke the thread, which calls
	 * arm_smmu_fault_enter() itself (the first design) */
	arm_smmu_fault_enter();
	if
	:: ok ->
		if
		:: l < NCB -> arm_smmu_context_fault_body(l)
		:: else -> arm_smmu_global_fault_body()
		fi;
		arm_smmu_fault_exit()
	:: else -> ret = IRQ_NONE		/* no register access */
	fi;
#else
	/* primary, hard-IRQ context (interrupts off on this CPU only) */
	fault_primary(l);
	if
	:: ret == IRQ_WAKE_THREAD ->
		/* the thread: arm_smmu_context_fault() / arm_smmu_global_fault() */
thread_run:
#ifdef NOMASK
		if :: l == NOMASK -> rerun = 0 :: else fi;	/* clear IRQTF_RUNTHREAD */
#endif
		d_step {				/* atomic_xchg(guards, 0) */
			g = guards[l]; guards[l] = 0;
			/* witness 10 (-DNOMASK): one run takes over two guards */
			if :: g > 1 -> printf("WITNESS 10 reached\n") :: else fi
		}
		if
		:: g == 0 -> arm_smmu_fault_thread_unguarded()
		:: else ->
			if
			:: l < NCB -> arm_smmu_context_fault_body(l)
			:: else -> arm_smmu_global_fault_body()
			fi;
			arm_smmu_fault_thread_done();
#ifdef REPORT_AFTER_EXIT
			/* control: report_iommu_fault() with the saved FSR
			 * after the guard is dropped */
			if
			:: l < NCB && ret == IRQ_HANDLED -> client_fault_handler()
			:: else
			fi;
#endif
			skip
		fi;
#ifdef NOMASK
		/* IRQTF_RUNTHREAD set again by the extra primary: run once more
		 * (the thread's end waits for an extra primary in flight) */
		atomic {
			!(l == NOMASK && xactive);
			if
			:: l == NOMASK && rerun -> again = 1
			:: else -> again = 0; if :: l == NOMASK -> in_thread = 0 :: else fi
			fi
		}
		if
		:: again -> again = 0; goto thread_run
		:: else
		fi;
#endif
		skip
	:: else
	fi;
#endif
	/* the primary returned IRQ_NONE, or the thread returned: ONESHOT
	 * unmask (irq_finalize_oneshot) */
	d_step {
		irq_active[l] = 0;
		check(pr <= 1, spurious_woke_thread);
		/* IRQ_NONE with the line still asserted is only allowed if a new
		 * invocation would get through the guard and see the fault (the
		 * fault arrived after the FSR read, or the SMMU came back): a
		 * line that would keep returning IRQ_NONE is a storm */
#ifndef STORM_BY_NP
		check(!(ret == IRQ_NONE && ASSERTED(l) && !GUARD_OK && !REFIRE_PARKED), irq_storm)
#endif
	}
	if
	:: ret == IRQ_HANDLED && did ->
		/* the thread cleared a record or ended a stall: a handler that
		 * returns IRQ_HANDLED without doing either (-DNO_RESUME) makes
		 * no progress */
progress_handled:
		skip
	:: else
	fi;
	d_step { ok = 0; rF = 0; rM = 0; rS = 0; cret = 0; seen = 0; did = 0; ret = 0; rr = 0; i = 0; pr = 0; g = 0 }
	goto end_idle
}

#ifdef NOMASK
/* the primary of line NOMASK running again while its thread is woken or
 * running: a flow that does not mask the line (edge-triggered; a level line
 * would re-fire without bound, hence NEXTRA). Its guard goes to the same
 * thread: woken again if it already cleared IRQTF_RUNTHREAD. */
proctype extra_primary()
{
	bit ok, seen;
	byte ret, pr, n;
end_x:
	do
	:: d_step {
			n < NEXTRA && in_thread && !irqs_off &&
			(ASSERTED(NOMASK) || (spur > 0 && SPUR_LINE(NOMASK))) ->
			if :: !ASSERTED(NOMASK) -> spur-- :: else fi;
			xactive = 1; n++
		}
		fault_primary(NOMASK);
		d_step { check(pr <= 1, spurious_woke_thread); xactive = 0; ok = 0; seen = 0; ret = 0; pr = 0 }
	:: n >= NEXTRA -> break
	od
}
#endif

/* autosuspend timer + pm_wq: pm_suspend_timer_fn -> pm_runtime_work ->
 * rpm_suspend(dev, RPM_NOWAIT | RPM_AUTO) */
proctype pm_worker()
{
	bit rF, rM, rS;
	byte ret, rr, i, t;
end_w:
	do
	:: d_step {
		timer_armed -> timer_armed = 0;
		/* rpm_check_suspend_allowed() etc., under power.lock */
		if
		:: usage == 0 && disable_depth == 0 && status == RPM_ACTIVE ->
			status = RPM_SUSPENDING; bumped = 0; rr = 1
		:: else -> rr = 0	/* -EAGAIN / -EACCES / already SUSPENDED */
		fi
	   }
		if
		:: rr ->
			arm_smmu_runtime_suspend(RT_MAYFAIL);
			d_step {
				if
				:: ret == 0 -> status = RPM_SUSPENDED
				:: else ->
					/* fail: -EBUSY -> RPM_ACTIVE, wake_up_all;
					 * RPM_AUTO && expiration moved -> re-arm */
					status = RPM_ACTIVE;
					/* witness 6: nobody holds a usage reference,
					 * so only this path can re-arm (finding 6) */
					if :: usage == 0 -> printf("WITNESS 6 reached\n") :: else fi;
					if
					:: bumped && usage == 0 && disable_depth == 0 ->
						timer_armed = 1; rr = 2
					:: else
					fi
				fi;
				if :: rr == 1 -> rr = 0 :: else fi;
				ret = 0
			}
			if
			:: rr == 2 ->
				/* re-armed: the next attempt is an autosuspend
				 * delay away (last_busy moved), and a primary
				 * holding the guard without a usage reference is
				 * long done by then: a -EBUSY retry loop is not a
				 * livelock */
progress_ebusy_retry:
				rr = 0
			:: else
			fi
		:: else
		fi
	od
}

/* a master behind the SMMU (device link DL_FLAG_PM_RUNTIME): each cycle
 * resumes the SMMU if needed and lets it autosuspend again */
proctype consumer()
{
	bit rF, rM, rS;
	byte n, ret, rr, i, t;
	do
	:: n < NCYC ->
end_c:		atomic { !frozen -> consumer_busy = 1 }
		pm_runtime_get_sync();
		/* DMA; faults are raised by hw() */
		pm_runtime_put_autosuspend();
		atomic { consumer_busy = 0; n++ }
	:: else -> break
	od
}

/* arm_smmu_pm_suspend() */
inline arm_smmu_pm_suspend()
{
#if defined(SLEEP_RPM_ON)
	in_sleep = 1; rr = (disable_depth == 0);
#elif defined(SLEEP_RPM_BARRIER)
	/* control: pm_runtime_barrier() only: waits for a runtime suspend or
	 * resume in progress, but lets a new one start */
	atomic { rpm_barrier(); in_sleep = 1; rr = (disable_depth == 0) };
#else
	/* pm_runtime_disable() first: no runtime resume during system sleep
	 * (a register user's arm_smmu_rpm_get() then resumes nothing); also
	 * waits for a runtime suspend or resume in progress */
	atomic {
		/* runtime_pm = pm_runtime_enabled(); pm_runtime_disable() */
		rr = (disable_depth == 0);
		rpm_barrier(); disable_depth++; in_sleep = 1
	};
#endif
	/* smmu->slept_runtime_suspended: the status counts only if runtime PM
	 * was enabled (it stays RPM_SUSPENDED while on without runtime PM) */
	d_step { slept_rs = rr && status == RPM_SUSPENDED; rr = 0 };
	if
	:: slept_rs -> skip			/* already quiesced and gated */
	:: else ->
		/* runtime status stays ACTIVE; waits for handlers */
		arm_smmu_runtime_suspend(0)
	fi
}

/* arm_smmu_pm_resume() */
inline arm_smmu_pm_resume()
{
	if
	:: slept_rs -> skip
	:: else -> arm_smmu_runtime_resume()
	fi;
	d_step {
		in_sleep = 0;
		slept_rs = 0;			/* (only read by this resume) */
#if !defined(SLEEP_RPM_ON) && !defined(SLEEP_RPM_BARRIER)
		disable_depth--			/* pm_runtime_enable() last */
#else
		skip
#endif
	}
}

/* arm_smmu_device_shutdown() */
#ifndef SHUTDOWN_RPM_ON
/* rpm = arm_smmu_rpm_get(); runtime PM disabled (if it was enabled), as
 * system sleep does, so that no register path resumes (resets) the SMMU
 * again; if the clocks are on (smmu->clks_on; always, as the model's
 * runtime resume never fails): quiesce, sCR0 = CLIENTPD, clk_bulk_disable();
 * arm_smmu_rpm_put(); pm_runtime_set_suspended() if runtime PM was enabled */
inline arm_smmu_device_shutdown()
{
	/* arm_smmu_rpm_get(): 1 with runtime PM enabled (the model's
	 * shutdown never runs while it is disabled for system sleep) */
	if
	:: disable_depth == 0 -> pm_runtime_get_sync(); sd_got = 1
	:: else -> sd_got = 0
	fi;
	/* runtime_pm = pm_runtime_enabled(); if so, pm_runtime_disable() */
	atomic {
		sd_rpm = (disable_depth == 0);
		if :: sd_rpm -> rpm_barrier(); disable_depth++ :: else fi;
		shut = 1
	};
#ifndef SHUTDOWN_NO_QUIESCE
	arm_smmu_quiesce_faults(0);
#endif
	d_step { reg() }			/* sCR0 = CLIENTPD */
	clk_disable();
	/* arm_smmu_rpm_put(smmu, 1): runtime PM is disabled, no suspend */
	if
	:: sd_got -> d_step { check(usage > 0, refs_unbalanced); usage--; sd_got = 0 }
	:: else
	fi;
	/* pm_runtime_set_suspended() if runtime PM was enabled */
	d_step { if :: sd_rpm -> status = RPM_SUSPENDED :: else fi; sd_rpm = 0 }
}
#else
/* control: the driver before, with runtime PM still enabled until
 * pm_runtime_force_suspend() */
inline arm_smmu_device_shutdown()
{
	if
	:: disable_depth == 0 -> pm_runtime_get_sync()	/* arm_smmu_rpm_get() */
	:: else
	fi;
	d_step { shut = 1 };
#ifndef SHUTDOWN_NO_QUIESCE
	arm_smmu_quiesce_faults(0);
#endif
	d_step { reg() }			/* sCR0 = CLIENTPD */
	if
	:: disable_depth == 0 -> pm_runtime_put_autosuspend()	/* arm_smmu_rpm_put() */
	:: else
	fi;
	if
	:: disable_depth == 0 ->
		/* pm_runtime_force_suspend(): pm_runtime_disable(), then the
		 * runtime_suspend callback while status stays ACTIVE */
		atomic { rpm_barrier(); disable_depth++; rr = (status != RPM_SUSPENDED) }
		if
		:: rr ->
			arm_smmu_runtime_suspend(RT_MAYFAIL);
			check(ret == 0, force_suspend_failed);
			d_step { status = RPM_SUSPENDED; rr = 0 }
		:: else
		fi
	:: else ->
		clk_disable()			/* runtime PM off: clk_bulk_disable() */
	fi
}
#endif

proctype system()
{
	bit rF, rM, rS, sd_got, sd_rpm;
	byte ret, rr, i, t;
#if SLEEP
	/* --- system sleep (drivers/base/power/main.c) --- */
	d_step { usage++ }			/* device_prepare: get_noresume */
	atomic { !consumer_busy -> frozen = 1 }	/* consumers suspend first */
	atomic { rpm_barrier() }		/* device_suspend: pm_runtime_barrier */
	arm_smmu_pm_suspend();
	atomic { rpm_barrier(); disable_depth++ }	/* suspend_late: pm_runtime_disable */
	d_step { irqs_off = 1 }			/* suspend_device_irqs() */
	for (i : 0 .. NL - 1) { synchronize_irq(i) }
	i = 0;
	/* ... asleep ... */
	d_step { irqs_off = 0 }			/* resume_device_irqs() */
	d_step { disable_depth-- }		/* resume_early: pm_runtime_enable */
	arm_smmu_pm_resume();
	d_step { frozen = 0 }			/* consumers resume after the supplier */
	pm_runtime_put_autosuspend();		/* device_complete: pm_runtime_put */
#endif
#if SHUTDOWN
#if SHUTDOWN == 2
	if
	:: skip ->
#endif
		atomic { !consumer_busy -> frozen = 1 }	/* consumers shut down first */
		arm_smmu_device_shutdown()
#if SHUTDOWN == 2
	:: skip
	fi;
#else
	;
#endif
#endif
	skip
}

/* once nothing else can move: deadlock, reference balance, accounting */
proctype checker()
{
	byte left;
	timeout ->
	check(nwait == 0, deadlock);
	/* no transaction left stalled */
	check(!ss[0] && !ss[1], stall_never_ended);
	check(usage == 0 && guard_count == 0 && guards[0] == 0 && guards[1] == 0 &&
	      guards[GLB] == 0, refs_unbalanced);
	/* a record a primary handler took was reported by its thread */
	check(recF[0] != R_TAKEN && recM[0] != R_TAKEN && recF[1] != R_TAKEN &&
	      recM[1] != R_TAKEN && recF[GLB] != R_TAKEN && recM[GLB] != R_TAKEN,
	      taken_fault_lost);
	/* every record is reported, drained, or still latched in FSR (retained
	 * while gated, to be drained at the next resume) */
	check(!(recF[0] == R_REPORT || recF[0] == R_DRAIN || recM[0] == R_REPORT || recM[0] == R_DRAIN ||
	        recF[1] == R_REPORT || recF[1] == R_DRAIN || recM[1] == R_REPORT || recM[1] == R_DRAIN ||
	        recF[GLB] == R_REPORT || recF[GLB] == R_DRAIN || recM[GLB] == R_REPORT ||
	        recM[GLB] == R_DRAIN), fault_lost);
	left = (recF[0] != 0) + (recM[0] != 0) + (recF[1] != 0) + (recM[1] != 0) +
	       (recF[GLB] != 0) + (recM[GLB] != 0);
	check(nrec == nrep + ndrained + nlost + left, fault_lost);
	check(nf == nrec + nmerged, fault_lost);
	check(!clk || left == 0, fault_lost);
	/* idle and runtime PM enabled: the autosuspend must have happened */
	check(usage > 0 || disable_depth > 0 || status == RPM_SUSPENDED, autosuspend_lost)
}

#ifdef SET_STALL
/* qcom_adreno_smmu_set_stall() on CB0, a user of the guard outside the
 * fault interrupt: the GPU driver turns stalling off (on a fault) and on
 * again (after recovery), from process context. Each call updates
 * qsmmu->stall_enabled, and if the setting changed and
 * arm_smmu_fault_enter() succeeds, rewrites SCTLR.CFCFG under cb_lock (one
 * step: arm_smmu_mask_faults() takes cb_lock too), then
 * arm_smmu_fault_exit(). Entered before a quiesce, its write lands behind
 * the quiesce's mask: system sleep and shutdown wait for the guard and mask
 * again (-DNO_REMASK: they do not). */
inline qcom_adreno_smmu_set_stall(en)
{
	d_step { changed = (stall_cfg0 != en); stall_cfg0 = en }
	if
	:: changed ->
		arm_smmu_fault_enter();
		if
		:: ok ->
			d_step {
				reg(); stall[0] = en;	/* SCTLR RMW under cb_lock */
				/* witness 13: the write lands behind a quiesce's mask */
				if :: en && !guard_live -> printf("WITNESS 13 reached\n") :: else fi
			}
			arm_smmu_fault_exit()
		:: else
		fi
	:: else
	fi;
	d_step { changed = 0; ok = 0 }
}

proctype stall_toggle()
{
	bit ok, changed;
	qcom_adreno_smmu_set_stall(0);
	qcom_adreno_smmu_set_stall(1)
}
#endif

#ifdef REG_USER
/* a process-context register path of the SMMU (TLB maintenance, attach,
 * detach, iova_to_phys, set_ttbr0_cfg, ...): rpm = arm_smmu_rpm_get() (0
 * without runtime PM; with it, pm_runtime_get_noresume() and then, if
 * runtime PM is enabled, pm_runtime_resume(), and 1); then, in one
 * RCU read-side critical section, arm_smmu_hw_live() (a read of
 * ARM_SMMU_FAULT_LIVE) and, if live, the MMIO, else the MMIO skipped (the
 * reset replays the state); arm_smmu_rpm_put(smmu, rpm) (a put only if rpm
 * is 1). System sleep and shutdown wait for the section with
 * synchronize_rcu() after clearing the flag; runtime suspend does not wait:
 * the reference, taken before the runtime PM state is looked at, keeps it
 * from starting or is waited for (-DRPM_GET_SPLIT: the look first).
 * -DREG_USER_NO_GUARD: the MMIO after arm_smmu_rpm_get() alone (defect 2);
 * -DRPM_PUT_IF_ENABLED: the earlier arm_smmu_rpm_put(), which put if
 * runtime PM was enabled at the put, and leaked the reference of a user
 * whose get ran before system sleep's pm_runtime_disable() and whose put
 * ran after it; -DNO_SYNC_RCU: no synchronize_rcu() in the quiesce. */
proctype reg_user()
{
	bit ok, rF, rM, rS, got;
	byte ret, rr, i, t, n;
	do
	:: n < NREG ->
#if !defined(RPM_OFF) && !defined(RPM_GET_SPLIT) && !defined(RPM_GET_NOREF)
		/* an SMMU in a PM domain: pm_runtime_get_noresume(), the
		 * reference first, then, if runtime PM is enabled,
		 * pm_runtime_resume() (waiting for a suspend in progress; the
		 * PM core is not called while it is disabled): 1 either way */
		d_step { usage++; got = 1 };
		rpm_resume_sync();
#else
		if
		:: disable_depth == 0 -> pm_runtime_get_sync(); got = 1
#if !defined(RPM_OFF) && !defined(RPM_GET_NOREF)
		/* -DRPM_GET_SPLIT, the driver with 38 patches: runtime PM
		 * found disabled (system sleep), then, in a step of its own,
		 * pm_runtime_get_noresume(), 1 */
		:: else -> d_step { usage++; got = 1 }
#else
		/* no runtime PM (or -DRPM_GET_NOREF, the earlier version:
		 * also while disabled for system sleep): 0, no reference */
		:: else -> got = 0
#endif
		fi;
#endif
#ifndef REG_USER_NO_GUARD
		d_step { rcu_in = 1; ok = guard_live }	/* rcu_read_lock(); arm_smmu_hw_live() */
		if
		:: ok -> d_step { reg() }	/* TLBI, sync, CB/S2CR writes, ATOS ... */
		:: else ->			/* MMIO skipped */
			/* witness 14: refused while the clocks are gated */
			if :: !clk -> printf("WITNESS 14 reached\n") :: else fi
		fi;
		d_step { rcu_in = 0; ok = 0 };		/* rcu_read_unlock() */
#else
		d_step { reg() };
#endif
#ifndef RPM_PUT_IF_ENABLED
		if
		:: got -> pm_runtime_put_autosuspend()	/* arm_smmu_rpm_put(smmu, 1) */
		:: else
		fi;
#else
		if
		:: disable_depth == 0 -> pm_runtime_put_autosuspend()
		:: else
		fi;
#endif
		d_step { n++; got = 0 }
	:: else -> break
	od
}
#endif

#ifdef STALL_LIVENESS
/* stall_never_ended: every stalled transaction is eventually resumed or
 * terminated. Violated by an infinite run (or a final state: the stutter
 * extension) from some point on which SS stays set and no process passes a
 * progress label (np_): <>[] (np_ && (ss[0] || ss[1])). pan -a. */
never {
	do
	:: true
	:: np_ && (ss[0] || ss[1]) -> break
	od;
accept_stall:
	do
	:: np_ && (ss[0] || ss[1])
	od
}
#endif

init {
	atomic {
		/* state after probe: clocks on, arm_smmu_device_reset() done,
		 * pm_runtime_set_active + enable + put_autosuspend */
		ie[0] = 1; ie[1] = 1; ie[GLB] = 1;
		stall[0] = CFG_STALL(0); stall[1] = CFG_STALL(1);
		run hw();
		run fault_irq(0);
		run fault_irq(1);
		run fault_irq(GLB);
#ifdef NOMASK
		run extra_primary();
#endif
		run pm_worker();
		run consumer();
		run system();
#ifdef SET_STALL
		run stall_toggle();
#endif
#ifdef REG_USER
		run reg_user();
#endif
		run checker()
	}
}
