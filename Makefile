# Waymark: `make run` to try it, `make test` to check it. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/waymark
LOCAL_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false \
	SECRET_KEY_FILE=var/secret-key WAYMARK_DATA_KEYS_FILE=var/data-keys

.PHONY: run test totp lint typecheck unit unit-sqlite unit-postgres browser-deps pdf-deps apt-packages bench demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

var/secret-key var/data-keys &: $(VENV)/.installed
	mkdir -p var
	@test -s var/secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key
	@test -s var/data-keys || $(PY) -c "from lib.crypto import new_key_spec; print(new_key_spec('k1'))" > var/data-keys
	@chmod 600 var/secret-key var/data-keys

demo: $(VENV)/.installed var/secret-key var/data-keys pdf-deps
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v0
	$(LOCAL_ENV) $(PY) manage.py createcachetable
	$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(LOCAL_ENV) $(PY) manage.py load_demo

run: demo
	@echo "Serving Waymark at http://127.0.0.1:8000 (gunicorn + WhiteNoise, task worker alongside). Ctrl-C stops both."
	$(LOCAL_ENV) $(PY) manage.py db_worker --interval 2 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL_ENV) $(VENV)/bin/gunicorn waymark.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4 --access-logfile - --access-logformat '%(t)s "%(m)s %(U)s" %(s)s'

# The current two-step sign-in code for a demo account: make totp SECRET=<secret printed by make run>
totp: var/secret-key var/data-keys
	@$(LOCAL_ENV) $(PY) manage.py totp_code "$(SECRET)"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MAKE) typecheck

typecheck: $(VENV)/.installed
	WAYMARK_TESTING=1 $(VENV)/bin/mypy .

# Debian packages: Pango and HarfBuzz for WeasyPrint's PDF reports (make run and make test),
# Chromium and a font for the browser tests (make test only).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
BROWSER_PACKAGES := chromium

pdf-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(PDF_PACKAGES)"

browser-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(PDF_PACKAGES) $(BROWSER_PACKAGES)"

apt-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| { if [ "$${CI:-}" = "true" ]; then echo "could not install $$missing, and CI needs them"; exit 1; fi; }; \
	fi

unit-sqlite: $(VENV)/.installed browser-deps
	$(PY) -m pytest -q

unit-postgres: $(VENV)/.installed browser-deps
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
		echo "PostgreSQL is reachable: running the suite against it"; \
		DATABASE_URL=$(PG_URL) $(PY) -m pytest -q; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL), and CI needs it"; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(PG_URL): skipping the PostgreSQL run (CI would fail here)"; \
	fi

test: lint unit-sqlite unit-postgres

bench: $(VENV)/.installed
	mkdir -p var
	WAYMARK_TESTING=1 SQLITE_PATH=var/bench.sqlite3 TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(PY) manage.py bench

clean:
	rm -rf $(VENV) staticfiles var/waymark.sqlite3*
