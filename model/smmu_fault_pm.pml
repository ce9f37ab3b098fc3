/*
 * arm-smmu (SMMUv2 / MMU-500): fault interrupts vs runtime PM and system sleep.
 *
 * Promela model of the protocol implemented by the series (see README.md
 * for the mapping of every step to the function of the patched driver).
 *
 *   processes ("CPUs", all interleaved arbitrarily):
 *     hw           the SMMU: latches faults into FSR / sGFSR while clocked
 *     irq_thread   one per fault line (CB0, CB1, global): genirq level line,
 *                  IRQF_ONESHOT|IRQF_SHARED threaded handler
 *     pm_worker    autosuspend timer + pm_wq: rpm_suspend(RPM_NOWAIT|RPM_AUTO)
 *     consumer     a master behind the SMMU: pm_runtime_get_sync/put cycles
 *     system       one system sleep cycle, then maybe shutdown (-DSLEEP=0,
 *                  -DSHUTDOWN=0/1: no sleep, never/always shut down)
 *     checker      final-state checks once nothing else can move
 *
 * Safeguards can be removed one at a time (negative controls):
 *   -DNO_SYNC            quiesce without synchronize_irq()
 *   -DMASK_AFTER_DRAIN   mask CFIE/CFCFG/GFIE after the drain, not before
 *   -DIN_USE             pm_runtime_get_if_in_use()-style guard in
 *                        arm_smmu_fault_enter() instead of fault_live
 *   -DNO_DRAIN           quiesce does not drain FSR/sGFSR
 *   -DNO_MAYFAIL         runtime suspend waits for handlers instead of -EBUSY
 *   -DDRAIN_ONCE         drain reads FSR once (no re-read after RESUME)
 *   -DRESET_CLEARS       arm_smmu_device_reset() blindly clears sGFSR/CB_FSR
 *                        (as linux-7.3 does) after the resume drain
 *   -DLIVE_AFTER_UNMASK  device_reset unmasks CFIE/GFIE, sets fault_live later
 *   -DSHUTDOWN_NO_QUIESCE shutdown relies on pm_runtime_force_suspend() only
 *
 * Other switches:
 *   -DRPM_OFF            runtime PM never enabled (no pm_domain, CONFIG_PM=n)
 *   -DALL_STALL          both context banks use stall mode
 *   -DSTORM_BY_NP        drop the IRQ_NONE assertion; the storm property is
 *                        then checked as "no non-progress cycle" (pan -DNP -l)
 *
 * Bounds (override with -D):  NF faults, NSPUR foreign interrupts on our
 * shared lines, NCYC consumer runtime resume/suspend cycles.
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
#ifndef NCYC
#define NCYC   2        /* consumer get_sync/put_autosuspend cycles */
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

/* runtime PM status (dev->power.runtime_status) */
#define RPM_ACTIVE      0
#define RPM_SUSPENDING  1
#define RPM_SUSPENDED   2
#define RPM_RESUMING    3

#define IRQ_NONE        0
#define IRQ_HANDLED     1
#define EBUSY           1   /* arm_smmu_quiesce_faults() return (0 or -EBUSY) */

/* ghost state of one fault record (one FSR/sGFSR fault bit) */
#define R_NONE    0     /* bit clear */
#define R_LATCH   1     /* latched by the hardware, not read yet */
#define R_REPORT  2     /* read by a fault handler: reported (client / log) */
#define R_DRAIN   3     /* read by arm_smmu_drain_faults(): logged */

/* property names: never set (hidden: not in the state vector); check(c, k)
 * asserts (c || k), so that pan names the property that failed */
hidden byte unclocked_register_access, stalled_at_clock_off, fault_lost,
            fault_reported_twice, irq_storm, deadlock, refs_unbalanced,
            autosuspend_lost, force_suspend_failed, handler_resumes_smmu;

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

/* level interrupt line of bank b */
#define ASSERTED(b)  (ie[b] && (recF[b] != R_NONE || recM[b] != R_NONE || ss[b]))

/* ------------------------------------------------------------------ */
/* Kernel state                                                        */
/* ------------------------------------------------------------------ */
bit  fault_live = 1;    /* smmu->fault_live (set at the end of probe's reset) */
byte fault_handlers;    /* smmu->fault_handlers */
bit  irq_active[NL];    /* genirq: thread woken/running (desc->threads_active) */
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

bit  frozen;            /* consumers suspended by system sleep / shutdown */
bit  consumer_busy;

/* ghost counters */
byte nf;                /* faults raised by the hardware */
byte nrec;              /* fault records latched (0->1 transitions) */
byte nmerged;           /* faults merged into an already latched MULTI */
byte nrep;              /* records reported (client / global handler log) */
byte ndrained;          /* records drained and logged */
byte nwait;             /* processes sleeping in synchronize_irq / rpm waits */

#ifdef IN_USE
/* pm_runtime_get_if_in_use(): > 0 only if ACTIVE, enabled and usage_count != 0 */
#define GUARD_OK  (usage > 0 && status == RPM_ACTIVE && disable_depth == 0)
#else
#define GUARD_OK  fault_live
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

/* a translation fault on bank b (only while clocked) */
inline inject(b)
{
	nf++;
	if
	:: recF[b] == R_NONE -> recF[b] = R_LATCH; nrec++
	:: else ->
		if
		:: recM[b] == R_NONE -> recM[b] = R_LATCH; nrec++	/* MULTI */
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
		check(recF[b] == R_LATCH, fault_reported_twice); recF[b] = who; rF = 1
	:: else -> rF = 0
	fi;
	if
	:: recM[b] != R_NONE ->
		check(recM[b] == R_LATCH, fault_reported_twice); recM[b] = who; rM = 1
	:: else -> rM = 0
	fi;
	rS = ss[b]
}

/* write back the value read: write-1-to-clear; SS is read-only */
inline w1c(b)
{
	reg();
	if
	:: rF && recF[b] != R_NONE ->
		check(recF[b] != R_LATCH, fault_lost);
		if :: recF[b] == R_REPORT -> nrep++ :: else -> ndrained++ fi;
		recF[b] = R_NONE
	:: else
	fi;
	if
	:: rM && recM[b] != R_NONE ->
		check(recM[b] != R_LATCH, fault_lost);
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
	atomic {
		usage++;
		nwait++;
		/* sleep on power.wait_queue while SUSPENDING / RESUMING */
		(disable_depth > 0 || (status != RPM_SUSPENDING && status != RPM_RESUMING));
		nwait--;
		if
		:: disable_depth == 0 && status == RPM_SUSPENDED ->
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

/* synchronize_irq(): wait for the thread of the line to finish */
inline synchronize_irq(l)
{
	atomic {
		/* witness 3: waits for a handler that got in (!may_fail paths) */
		if :: irq_active[l] && fault_handlers > 0 -> printf("WITNESS 3 reached\n") :: else fi;
		nwait++; !irq_active[l]; nwait--
	}
}

/* ------------------------------------------------------------------ */
/* The driver (patched arm-smmu.c)                                     */
/* ------------------------------------------------------------------ */

/* arm_smmu_fault_enter(): under fault_lock (irqsave) */
inline arm_smmu_fault_enter()
{
	d_step {
		if
		:: GUARD_OK ->
			fault_handlers++;
			usage++;		/* pm_runtime_get_noresume() */
			ok = 1
		:: else ->
			ok = 0;
			/* witness 5: foreign interrupt on our line while gated */
			if :: !clk -> printf("WITNESS 5 reached\n") :: else fi
		fi
	}
}

/* arm_smmu_fault_exit() */
inline arm_smmu_fault_exit()
{
	d_step { fault_handlers-- }	/* under fault_lock */
	pm_runtime_put_autosuspend()
}

/* the client's fault handler, called by report_iommu_fault(): may sleep,
 * may pm_runtime_get_sync() its device (which resumes the SMMU supplier
 * through the device link), returns -EAGAIN (retry) or anything else.
 * The handler holds a usage reference, so this get_sync must never have to
 * run the SMMU's resume callback (that would reset the SMMU under the
 * handler): it may only wait for a SUSPENDING that is going to fail. */
inline client_fault_handler()
{
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
	/* return value: see the RESUME write in arm_smmu_context_fault_body() */
}

/* core body of arm_smmu_context_fault() */
inline arm_smmu_context_fault_body(cb)
{
	d_step { read_fsr(cb, R_REPORT) }		/* FSR first */
	if
	:: !(rF || rM || rS) -> ret = IRQ_NONE		/* one read */
	:: else ->
		d_step { reg() }			/* FAR, FSYNR0, CBFRSYNRA */
		client_fault_handler();			/* report_iommu_fault() */
		d_step { w1c(cb) }			/* FSR = fsr (W1C) */
		if
		:: rS -> atomic {
			/* RESUME = (client returned -EAGAIN) ? retry : terminate.
			 * Both clear SS (if accepted); a retried transaction that
			 * faults again is just another fault from hw() */
			if :: cret = 1 :: cret = 0 fi;
			/* witness 4: a new fault makes the MMU-500 ignore RESUME */
			if :: recF[cb] != R_NONE || recM[cb] != R_NONE -> printf("WITNESS 4 reached\n") :: else fi;
			resume_write(cb);
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
		d_step { w1c(GLB) }			/* sGFSR = gfsr */
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
		stall[i] = CFG_STALL(i)
	}
	i = 0
}

/* arm_smmu_drain_faults(), one bank: read; if a fault: write it back (W1C),
 * RESUME=TERMINATE if SS, dev_warn_ratelimited (never report_iommu_fault);
 * then read again until clean: the MMU-500 ignores the RESUME if a new
 * fault was latched after the read (HUPCF=1 lets later transactions fault
 * while stalled), which would leave SS set */
inline arm_smmu_drain_bank(b)
{
	do
	:: d_step { read_fsr(b, R_DRAIN) }
		if
		:: !(rF || rM || rS) -> break
		:: else ->
			d_step { w1c(b) }
			if
			:: rS -> d_step { resume_write(b) }	/* TERMINATE */
			:: else
			fi;
#ifdef DRAIN_ONCE
			break
#else
			skip
#endif
		fi
	od;
	rF = 0; rM = 0; rS = 0
}

inline arm_smmu_drain_faults()
{
	/* for each CB in use, then sGFSR */
	for (i : 0 .. NL - 1) {
		arm_smmu_drain_bank(i)
	}
	i = 0
}

/* arm_smmu_quiesce_faults(smmu, may_fail) -> ret (0 or -EBUSY) */
inline arm_smmu_quiesce_faults(may_fail)
{
	d_step {				/* spin_lock_irqsave(fault_lock) */
		if
		:: may_fail && fault_handlers > 0 -> ret = EBUSY
		:: else ->
			fault_live = 0;
#ifndef MASK_AFTER_DRAIN
			arm_smmu_mask_faults();
#endif
			ret = 0
		fi
	}					/* spin_unlock_irqrestore */
	if
	:: ret == 0 ->
#ifndef NO_SYNC
		for (i : 0 .. NL - 1) {
			synchronize_irq(i)	/* every context and global IRQ */
		}
		i = 0;
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

/* clk_bulk_disable() */
inline clk_disable()
{
	d_step {
		check(!ss[0] && !ss[1], stalled_at_clock_off);
		clk = 0
	}
}

/* arm_smmu_device_reset() (probe, runtime resume, system resume) */
inline arm_smmu_device_reset()
{
#ifdef RESET_CLEARS
	/* linux-7.3: sGFSR read + write back, CB_FSR = FSR_FAULT, unlogged */
	d_step { reg(); check(recF[GLB] != R_LATCH && recM[GLB] != R_LATCH, fault_lost);
		 recF[GLB] = R_NONE; recM[GLB] = R_NONE }
	d_step { reg(); check(recF[0] != R_LATCH && recM[0] != R_LATCH, fault_lost);
		 recF[0] = R_NONE; recM[0] = R_NONE }
	d_step { reg(); check(recF[1] != R_LATCH && recM[1] != R_LATCH, fault_lost);
		 recF[1] = R_NONE; recM[1] = R_NONE }
#endif
	/* SMEs, context banks, TLBI, sCR0 (reg writes, no fault state) */
	d_step { reg() }
#ifdef LIVE_AFTER_UNMASK
	d_step { arm_smmu_unmask_faults() }
	fault_live = 1
#else
	d_step {				/* fault_lock */
		arm_smmu_unmask_faults();
		fault_live = 1
	}
#endif
}

/* arm_smmu_runtime_resume() (also the body of arm_smmu_pm_resume()) */
inline arm_smmu_runtime_resume()
{
	d_step {
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
	:: else
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

/* one fault interrupt line: level-triggered, IRQF_ONESHOT|IRQF_SHARED,
 * primary handler NULL (irq_default_primary_handler), thread_fn =
 * arm_smmu_context_fault (l < NCB) or arm_smmu_global_fault (l == GLB).
 * ONESHOT: the line stays masked while the thread runs and fires again
 * after it returns if still asserted (the loop below). */
proctype irq_thread(byte l)
{
	bit ok, rF, rM, rS, cret;
	byte ret, rr, i;
end_idle:
	if
	:: d_step { !irqs_off && ASSERTED(l) -> irq_active[l] = 1 }
	:: d_step { !irqs_off && spur > 0 && SPUR_LINE(l) -> spur--; irq_active[l] = 1 }	/* other device */
	fi;
	/* arm_smmu_context_fault() / arm_smmu_global_fault() trampoline */
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
	/* irq_thread_fn() returns; ONESHOT unmask (irq_finalize_oneshot) */
	d_step {
		irq_active[l] = 0;
		/* IRQ_NONE with the line still asserted is only allowed if a new
		 * invocation would get through the guard and see the fault (the
		 * fault arrived after the FSR read, or the SMMU came back): a
		 * line that would keep returning IRQ_NONE is a storm */
#ifndef STORM_BY_NP
		check(!(ret == IRQ_NONE && ASSERTED(l) && !GUARD_OK), irq_storm)
#endif
	}
	if
	:: ret == IRQ_HANDLED ->
progress_handled:
		skip
	:: else
	fi;
	d_step { ok = 0; rF = 0; rM = 0; rS = 0; cret = 0; ret = 0; rr = 0; i = 0 }
	goto end_idle
}

/* autosuspend timer + pm_wq: pm_suspend_timer_fn -> pm_runtime_work ->
 * rpm_suspend(dev, RPM_NOWAIT | RPM_AUTO) */
proctype pm_worker()
{
	bit rF, rM, rS;
	byte ret, rr, i;
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
					if
					:: bumped && usage == 0 && disable_depth == 0 -> timer_armed = 1
					:: else
					fi
				fi;
				rr = 0; ret = 0
			}
		:: else
		fi
	od
}

/* a master behind the SMMU (device link DL_FLAG_PM_RUNTIME): each cycle
 * resumes the SMMU if needed and lets it autosuspend again */
proctype consumer()
{
	bit rF, rM, rS;
	byte n, ret, rr, i;
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
	if
	:: status == RPM_SUSPENDED -> skip	/* already quiesced and gated */
	:: else ->
		/* runtime status stays ACTIVE; waits for handlers */
		arm_smmu_runtime_suspend(0)
	fi
}

/* arm_smmu_pm_resume() */
inline arm_smmu_pm_resume()
{
	if
	:: status == RPM_SUSPENDED -> skip
	:: else -> arm_smmu_runtime_resume()
	fi
}

/* arm_smmu_device_shutdown() */
inline arm_smmu_device_shutdown()
{
	if
	:: disable_depth == 0 -> pm_runtime_get_sync()	/* arm_smmu_rpm_get() */
	:: else
	fi;
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

proctype system()
{
	bit rF, rM, rS;
	byte ret, rr, i;
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
	check(usage == 0 && fault_handlers == 0, refs_unbalanced);
	/* every record is reported, drained, or still latched in FSR (retained
	 * while gated, to be drained at the next resume) */
	check(recF[0] <= R_LATCH && recM[0] <= R_LATCH &&
	      recF[1] <= R_LATCH && recM[1] <= R_LATCH &&
	      recF[GLB] <= R_LATCH && recM[GLB] <= R_LATCH, fault_lost);
	left = (recF[0] != 0) + (recM[0] != 0) + (recF[1] != 0) + (recM[1] != 0) +
	       (recF[GLB] != 0) + (recM[GLB] != 0);
	check(nrec == nrep + ndrained + left, fault_lost);
	check(nf == nrec + nmerged, fault_lost);
	check(!clk || left == 0, fault_lost);
	/* idle and runtime PM enabled: the autosuspend must have happened */
	check(usage > 0 || disable_depth > 0 || status == RPM_SUSPENDED, autosuspend_lost)
}

init {
	atomic {
		/* state after probe: clocks on, arm_smmu_device_reset() done,
		 * pm_runtime_set_active + enable + put_autosuspend */
		ie[0] = 1; ie[1] = 1; ie[GLB] = 1;
		stall[0] = CFG_STALL(0); stall[1] = CFG_STALL(1);
		run hw();
		run irq_thread(0);
		run irq_thread(1);
		run irq_thread(GLB);
		run pm_worker();
		run consumer();
		run system();
		run checker()
	}
}
