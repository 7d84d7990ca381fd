# The two commands of the README:
#   make run    set up everything and run the demo (web, Celery worker and beat) at http://127.0.0.1:8000
#   make test   set up everything and run every test
# Both work on a fresh clone with Python 3.11+ and Node/npm. DATABASE_URL and CELERY_BROKER_URL,
# when set, point both at PostgreSQL and Redis; otherwise SQLite and a file-based broker are used.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo runs with two-factor sign-in off unless asked: LEAD_TWO_FACTOR=on make run
LEAD_TWO_FACTOR ?= off

.PHONY: run test setup static clean

run: setup
	LEAD_DEBUG=on LEAD_DEMO=on LEAD_TWO_FACTOR=$(LEAD_TWO_FACTOR) $(BIN)/python manage.py migrate --noinput
	LEAD_DEBUG=on LEAD_DEMO=on LEAD_TWO_FACTOR=$(LEAD_TWO_FACTOR) $(BIN)/python manage.py seed_demo
	LEAD_DEBUG=on LEAD_DEMO=on LEAD_TWO_FACTOR=$(LEAD_TWO_FACTOR) $(BIN)/honcho start -f Procfile.dev

test: setup
	bash scripts/ensure-chromium
# The layers of docs/architecture.md (contracts in pyproject.toml): an upward import fails the run.
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed static

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# USWDS and htmx are built into static/vendor from npm at set-up; they are not committed.
static: static/vendor/.built

static/vendor/.built: node_modules/.installed
	rm -rf static/vendor
	mkdir -p static/vendor/uswds static/vendor/htmx
	cp -R node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img static/vendor/uswds/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	touch $@

clean:
	rm -rf $(VENV) node_modules static/vendor var
