# storygraph: every target creates .venv from the hash-pinned lock file when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE ?= out/demo-store

.PHONY: install demo test lint typecheck unit system-deps docs clean fuzz bench

$(STAMP): requirements-bootstrap.txt requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bootstrap.txt
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## The main job on the example story, with the embedded store.
demo: $(STAMP)
	rm -rf $(DEMO_STORE)
	$(BIN)/storygraph ingest examples/ --published 2026-11-26 --store $(DEMO_STORE)
	$(BIN)/storygraph query --store $(DEMO_STORE) --named entities
	$(BIN)/storygraph query --store $(DEMO_STORE) \
	  'SELECT ?memo ?issuer ?obtainer WHERE { ?d a sg:Document ; rdfs:label ?memo ; sg:issuedBy/rdfs:label ?issuer ; sg:obtainedBy/rdfs:label ?obtainer }'
	$(BIN)/storygraph query --store $(DEMO_STORE) --named open-questions
	$(BIN)/storygraph query --store $(DEMO_STORE) --named corroboration
	$(BIN)/storygraph query --store $(DEMO_STORE) --named contradictions
	$(BIN)/storygraph query --store $(DEMO_STORE) --named story-timeline
	$(BIN)/storygraph export --store $(DEMO_STORE) --format html --projection -o out/example-graph.html

## Lint, types and the test suite.
test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

## System packages the browser and server tests need (Debian); run by .ci/run.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "chromium: present"; fi
	@if [ ! -x /usr/bin/virtuoso-t ] || [ ! -x /usr/bin/isql-vt ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource; \
	else echo "virtuoso-opensource: present"; fi

clean:
	rm -rf $(VENV) out storygraph-data .mypy_cache .ruff_cache .pytest_cache

## Regenerate docs/cli.md from --help.
docs: $(STAMP)
	COLUMNS=100 $(BIN)/python -c "from storygraph.clidoc import cli_reference; print(cli_reference(), end='')" > docs/cli.md

## The benchmarks of BENCHMARKS.md (about 25 minutes on 2 cores; the figures go to stdout).
## BENCH_TRIPLES=1m,10m adds the 10-million-triple store tier (about 15 minutes more).
BENCH_TRIPLES ?= 1m
## The whole path (extract --engine dask, load, named queries): about 25 minutes at 10,000.
BENCH_SCALE_ARTICLES ?= 10000
bench: $(STAMP)
	$(BIN)/python bench/bench_extract.py --articles 300 --workers 1,2
	$(BIN)/python bench/bench_store.py --triples $(BENCH_TRIPLES)
	$(BIN)/python bench/bench_memory.py --articles 1k,10k --export-triples 1m
	$(BIN)/python bench/bench_remote.py --triples 1m
	$(BIN)/python bench/bench_serve.py --triples 1m
	$(BIN)/python bench/bench_scale.py --articles $(BENCH_SCALE_ARTICLES)

## Fuzz the readers and the extractor for FUZZ_SECONDS (not part of `make test`); exit 1 on a crash.
FUZZ_SECONDS ?= 300
fuzz: $(STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS)
