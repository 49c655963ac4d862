# Klyngekort — two commands on a fresh machine:
#   make run    set up (venv, packages, Leaflet) and start the app on http://localhost:8501
#   make test   set up (venv, packages, Chromium check) and run every test
#   make lint   ruff check, ruff format --check and mypy (CI runs it before the tests)
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PORT   ?= 8501
# Test workers (pytest-xdist): one per core; a test file stays on one worker, so its module
# fixtures (servers, browsers) start once. JOBS=0 runs everything in this process, in order.
JOBS   ?= auto
STAMP   = $(VENV)/.installed
LINT_PATHS = klyngekort pages app.py tests bench tools

.PHONY: run test lint setup axe bench validate fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,lint]"
	touch $(STAMP)

setup: $(STAMP)
	$(PY) -m klyngekort.cli assets >/dev/null

run: setup
	$(VENV)/bin/klyngekort run --server.port $(PORT)

# axe-core (npm) for the accessibility test, vendored into tests/vendor/ (gitignored).
axe:
	@bash tools/vendor_axe.sh

test: setup axe
	@command -v chromium >/dev/null 2>&1 || echo "note: Debian chromium is not installed (apt-get install chromium); browser tests will be skipped"
	@$(PY) -m pytest -q -n $(JOBS) --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit 5): treated as a failure"; exit 1; fi; \
	exit $$rc

# All three run even when one fails, so one run shows every finding; any failure fails the target.
lint: $(STAMP)
	@rc=0; \
	echo "ruff check";          $(VENV)/bin/ruff check $(LINT_PATHS) || rc=1; \
	echo "ruff format --check"; $(VENV)/bin/ruff format --check $(LINT_PATHS) || rc=1; \
	echo "mypy";                $(VENV)/bin/mypy || rc=1; \
	exit $$rc

# The fuzz suite with a large random budget (CI runs it derandomised with few examples).
fuzz: setup
	HYPOTHESIS_PROFILE=explore $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py

validate: setup
	$(VENV)/bin/klyngekort validate

bench: setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) static/vendor tests/vendor geodata/*.parquet geodata/*.gpkg geodata/*.json tests/artifacts
