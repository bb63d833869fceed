# Waymark: `make run` to try it, `make test` to check it. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/waymark
LOCAL_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false \
	SECRET_KEY_FILE=var/secret-key WAYMARK_DATA_KEYS_FILE=var/data-keys

.PHONY: run test totp lint typecheck unit unit-sqlite unit-postgres browser-deps bench demo clean

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

demo: $(VENV)/.installed var/secret-key var/data-keys
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

browser-deps:
	@if ! command -v chromium >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
		|| { if [ "$${CI:-}" = "true" ]; then echo "chromium could not be installed and CI needs it"; exit 1; fi; }; \
	fi

unit-sqlite: $(VENV)/.installed browser-deps
	$(PY) -m pytest -q

unit-postgres: $(VENV)/.installed
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
