# Klyngekort — two commands on a fresh machine:
#   make run    set up (venv, packages, Leaflet) and start the app on http://localhost:8501
#   make test   set up (venv, packages, Chromium check) and run every test
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
STAMP   = $(VENV)/.installed

.PHONY: run test setup bench validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)
	$(PY) -m klyngekort.cli assets >/dev/null

run: setup
	$(VENV)/bin/klyngekort run --server.port $(PORT)

test: setup
	@command -v chromium >/dev/null 2>&1 || echo "note: Debian chromium is not installed (apt-get install chromium); browser tests will be skipped"
	@$(PY) -m pytest -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit 5): treated as a failure"; exit 1; fi; \
	exit $$rc

validate: setup
	$(VENV)/bin/klyngekort validate

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) static/vendor geodata/*.parquet geodata/*.gpkg geodata/*.json tests/artifacts
