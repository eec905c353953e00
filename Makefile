# Everything installs into .venv from requirements.lock; a stamp file makes a second `make` a no-op.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
STAMP := $(VENV)/.installed

.PHONY: install demo test test-db lint bench lock clean eval model airflow celery-smoke

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# Regenerate the lock from pyproject.toml (needs the package index).
lock:
	test -x $(BIN)/uv || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION); }
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes -o requirements.lock

demo: install
	$(BIN)/irwatch demo

lint: install
	$(BIN)/ruff check .

# The suite runs on the embedded PostgreSQL 18; when a server answers at 127.0.0.1:5432
# (CI's PostgreSQL 15), every database test runs again against it, and of the whole-pipeline runs (e2e) the
# story and CAATSA checks on real coverage; the demo, DAG and crawl e2e runs issue the same SQL through the
# same store functions and run once.
PG_TEST_DSN ?= postgresql://postgres@127.0.0.1:5432/test

# The suite waits more than it computes (crawl subprocesses, Airflow start-up, sockets), so three workers share
# the budget's two cores, and the second server's pass runs beside the first (its output follows the first's).
# Tests start longest first (tests/conftest.py) and `--dist load` hands them out as workers free up.
PYTEST := $(BIN)/python -m pytest -q -n 3 --dist load
PG15_LOG := .irwatch/test-second-server.log

test: install lint
	@mkdir -p .irwatch; second=0; \
	if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_TEST_DSN)', connect_timeout=3).close()" 2>/dev/null; then \
		second=1; IRWATCH_TEST_DSN=$(PG_TEST_DSN) $(BIN)/python -m pytest -q -n 2 --dist load -m "db and (not e2e or both_servers)" \
			-p no:cacheprovider > $(PG15_LOG) 2>&1 & pid=$$!; \
	fi; \
	$(PYTEST); rc=$$?; \
	if [ $$second = 1 ]; then \
		wait $$pid; rc2=$$?; echo "== database tests again on $(PG_TEST_DSN)"; cat $(PG15_LOG); \
	else \
		rc2=0; echo "== no PostgreSQL at $(PG_TEST_DSN): second database run skipped"; \
	fi; \
	[ $$rc = 0 ] && [ $$rc2 = 0 ]

# Quality on real published text: the corpus labels in nlp/corpus/, the texts read from ../shared/corpus-pool/.
# dev is tuned on; test is locked (reported, never tuned on). Each prints the keyword rule beside it.
eval: install
	@echo "== dev (tuned on)"
	$(BIN)/python -m nlp evaluate nlp/corpus/dev.jsonl --lang en
	@echo "== test (locked)"
	$(BIN)/python -m nlp evaluate nlp/corpus/test.jsonl --lang en

# Train and calibrate the relevance classifier into nlp/models/relevance/ (about a minute on 2 cores).
model: install
	$(BIN)/python -m nlp train-relevance

bench: install
	$(BIN)/python -m tests.bench_nlp
	$(BIN)/python -m tests.bench_load
	$(BIN)/python -m tests.bench_crawl
	$(BIN)/python -m tests.bench_send

# Airflow standalone on dags/ with the embedded PostgreSQL (irwatch's data and Airflow's metadata); prints the
# UI URL and login, runs until Ctrl-C.
airflow: install
	$(BIN)/python -m irwatch.airflow_local

# CeleryExecutor scale-out proof: api-server, scheduler, dag-processor and two named workers on the Redis at
# 127.0.0.1:6379; one irwatch_ingest over four fixture outlets must spread its crawl tasks over both workers and
# store and send exactly what a single-process run does.
celery-smoke: install
	$(BIN)/python -m tests.celery_smoke

clean:
	-$(BIN)/irwatch db stop
	rm -rf .irwatch
