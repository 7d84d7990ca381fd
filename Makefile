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
# and e-mails its notifications through the outbox to the mailer's console (DEBUG's backend).
LEAD_EMAIL_NOTIFICATIONS ?= on
DEMO_ENV := LEAD_DEBUG=on LEAD_DEMO=on LEAD_TWO_FACTOR=$(LEAD_TWO_FACTOR) LEAD_EMAIL_NOTIFICATIONS=$(LEAD_EMAIL_NOTIFICATIONS)

# requirements.lock pins every package of the dev install, with hashes; requirements-runtime.lock
# pins the same versions for the production image (Dockerfile). `make lock` rewrites both from
# pyproject.toml, keeping the pins it can; `make lock LOCK_ARGS=--upgrade` moves to the newest.
LOCK_ARGS ?=
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_ARGS)

.PHONY: run test lint lock setup static clean chaos

run: setup
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/honcho start -f Procfile.dev

test: setup lint
	bash scripts/ensure-chromium
	bash scripts/ensure-pg-client
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Before the tests: ruff's rules and format, the layers of docs/architecture.md (contracts in
# pyproject.toml: an upward import fails the run), then mypy on the services, selectors and engine.
lint: $(VENV)/.installed
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/lint-imports
	$(BIN)/mypy

# A fault run of a few minutes on private PostgreSQL, Redis and SMTP servers (scripts/chaos):
# workers killed, Redis and PostgreSQL restarted under double-submitted POSTs, then every deadline
# effect, write and e-mail counted. E.g. make chaos CHAOS_ARGS="--minutes 1 --seed 7"
CHAOS_ARGS ?=
chaos: setup
	$(BIN)/python scripts/chaos $(CHAOS_ARGS)

lock: $(VENV)/.installed
	$(UV_COMPILE) --extra dev pyproject.toml -o requirements.lock
	$(UV_COMPILE) --constraint requirements.lock pyproject.toml -o requirements-runtime.lock

setup: $(VENV)/.installed static

# Exactly the locked versions, each checked against its hash; then the project itself, whose
# dependencies are all in the lock already.
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
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
