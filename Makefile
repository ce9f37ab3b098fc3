# SPDX-License-Identifier: GPL-2.0
# Workbench for the arm-smmu fault handling series. See README.md and
# docs/workbench.md; "make help" lists the targets and variables.

SERIES ?= mainline
export SERIES KERNEL_SRC KERNEL_BASE JOBS FORCE SERIES_DIR

.PHONY: all run check fetch apply export build kunit lint bisect \
	mutate selftest model mail deps times clean help

all: run

help:
	@echo 'Targets (SERIES=mainline unless said otherwise):'
	@echo '  make              fetch, apply, build the arm64 kernel, KUnit under UML'
	@echo '  make check        every step for both series and the model (KTAP output,'
	@echo '                    ends in "N passed, N failed", N counting steps)'
	@echo '  make fetch        download and import the base (build/SERIES/linux, tag base)'
	@echo '  make apply        apply patches/SERIES on branch "series"'
	@echo '  make export       write branch "series" back to patches/SERIES'
	@echo '  make build        the build matrix (configs/*.config), as make check builds it'
	@echo '  make kunit        the KUnit runs: uml (KASAN), uml-nosleep (CONFIG_PM_SLEEP=n),'
	@echo '                    arm64 (QEMU, with the Qualcomm suite); make kunit-RUN: one'
	@echo '  make lint         checkpatch (per commit), sparse, coccicheck, kernel-doc'
	@echo '  make bisect       every prefix builds and passes KUnit (its normal-speed cases)'
	@echo '  make mutate       break the driver in named ways; the suite must notice'
	@echo '  make selftest     broken patches must fail the step meant to catch them'
	@echo '  make model        the SPIN model and its negative controls'
	@echo '  make mail         a ready-to-send copy in build/mail/SERIES (FROM="Name <addr>")'
	@echo '  make deps         check (as root: install) the Debian packages needed'
	@echo '  make times        step durations of the last make check (RUN=name: into docs/times.md)'
	@echo '  make clean        remove build output and logs (keeps trees, downloads, ccache)'
	@echo 'Variables:'
	@echo '  SERIES=mainline|6.12   the series (make check: both unless given)'
	@echo '  KERNEL_SRC=DIR         your own kernel git tree (or git worktree) instead of'
	@echo '                         build/SERIES/linux; the series goes on top of its HEAD'
	@echo '  KERNEL_BASE=REF        with KERNEL_SRC: start from REF instead of HEAD'
	@echo '  FORCE=1                make apply: drop commits on "series" not in patches/'
	@echo '  SERIES_DIR=DIR         take the patches from DIR instead of patches/SERIES'
	@echo '  JOBS=N                 parallel jobs (default: all CPUs)'
	@echo '  CCACHE_DIR=DIR         compiler cache (default: build/ccache)'

run:
	@scripts/run.sh

check:
	@SERIES=$(if $(filter command line,$(origin SERIES)),$(SERIES),all) scripts/check.sh

fetch:
	@scripts/fetch-base.sh

apply: fetch
	@scripts/apply.sh

export:
	@scripts/export.sh

build: apply
	@scripts/build.sh all

kunit: apply
	@scripts/kunit.sh all

kunit-%: apply
	@scripts/kunit.sh $*

lint: apply
	@scripts/lint.sh all

bisect: apply
	@scripts/bisect.sh

mutate: apply
	@scripts/mutate.sh

selftest: apply
	@scripts/selftest.sh

model:
	@model/check.sh

mail: apply
	@scripts/mail.sh

deps:
	@scripts/deps.sh

times:
	@scripts/times.sh "$(RUN)"

clean:
	rm -rf build/*/out build/logs build/model build/results.txt
