# tradebrief — the two README commands are `make report` and `make test`; both build .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXTRAS := dev,pdf,live,scale

.PHONY: report test test-fast lab data snapshot system-deps bench clean-venv

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "tradebrief needs Python >= 3.11 (found %s); set PYTHON=python3.11" % sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

## Render the default brief (Belarus–China, shipped snapshot) into reports/BLR-CHN/
report: $(STAMP)
	$(BIN)/tradebrief data
	$(BIN)/tradebrief run

## Lint (rules in pyproject.toml), then run the whole test suite (notebooks, CLI, data checks)
test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

## Unit tests only (skips notebook and pipeline runs)
test-fast: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q -m "not slow and not browser"

## JupyterLab on the notebooks
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root,)

## Print what the data covers
data: $(STAMP)
	$(BIN)/tradebrief data

## Rebuild data/raw and data/sources.yaml from ../shared/research
snapshot: $(STAMP)
	$(BIN)/python data/build/build_snapshot.py

## Debian packages for the PDF (CJK font) and the browser test (as root; CI runs this)
system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk fonts-dejavu-core poppler-utils

## On-demand benchmarks (not part of the tests): each prints its ratios against the issues' targets
## with the load before/after, and judges a target only when the load was <= 1.5 (benchmarks/load.py).
## bench_bulk needs `.venv/bin/python benchmarks/generate_baci.py` first (1.6 GB in /tmp/baci-bench).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_batch.py --runs 8 --rounds 3
	$(BIN)/python benchmarks/bench_bulk.py

clean-venv:
	rm -rf $(VENV)
