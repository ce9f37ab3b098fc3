# SPDX-License-Identifier: GPL-2.0
# Workbench for the arm-smmu fault handling series. See README.md.

SERIES ?= mainline
export SERIES KERNEL_SRC KERNEL_BASE JOBS FORCE SERIES_DIR

.PHONY: all run check fetch apply export build kunit lint bisect \
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

deps:
	@scripts/deps.sh

clean:
	rm -rf build/*/out build/logs build/model build/results.txt
