# SPDX-License-Identifier: GPL-2.0
# Workbench for the arm-smmu fault handling series. See README.md.
#   make                 fetch base, apply, build arm64 kernel, run KUnit (UML)
#   make check           everything (SERIES=all by default)
#   make apply|export|fetch|deps|model|clean   single steps
#   make mutate          break the driver in named ways, the suite must notice
#   make selftest        broken patches must fail the workbench's checks
# SERIES=mainline|6.12 picks the series; KERNEL_SRC=/path uses your own tree.

SERIES ?= mainline
export SERIES KERNEL_SRC JOBS

.PHONY: all run check fetch apply export build kunit kunit-arm64 lint bisect \
	mutate selftest model deps clean

all: run

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
	@for c in arm64-smmu arm64-smmu-mod arm64-smmu-nopm arm-smmu; do \
		scripts/build.sh $$c || exit 1; done

kunit: apply
	@scripts/kunit.sh uml

kunit-arm64: apply
	@scripts/kunit.sh arm64

lint: apply
	@for l in checkpatch sparse coccicheck kernel-doc; do scripts/lint.sh $$l || exit 1; done

bisect: apply
	@scripts/bisect.sh

mutate: apply
	@scripts/mutate.sh

selftest: apply
	@scripts/selftest.sh

model:
	@model/check.sh

deps:
	@scripts/deps.sh

clean:
	rm -rf build/*/out build/logs build/model
