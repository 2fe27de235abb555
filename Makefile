# Two commands matter: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
# WeasyPrint's system libraries and fonts; chromium and poppler for the browser and PDF tests.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core
TEST_DEBS := $(RUNTIME_DEBS) chromium poppler-utils
# `make run PORT=8001` serves on another port.
PORT ?= 8000

.PHONY: run test worker bench bench-load bench-reports bench-reminders bench-imports lint check sysdeps-runtime sysdeps-test sysdeps-npm port-free clean

.venv/.installed: requirements.txt requirements-dev.txt
	test -d .venv || python3 -m venv .venv
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

define install_debs
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install these Debian packages (as root): $$missing"; exit 1; fi; \
	fi
endef

sysdeps-runtime:
	$(call install_debs,$(RUNTIME_DEBS))

sysdeps-test:
	$(call install_debs,$(TEST_DEBS))

sysdeps-npm:
	$(call install_debs,nodejs npm)

# axe-core for the accessibility tests, from the npm registry at the version package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory sysdeps-npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Checked before any install work, so a taken port is said at once, not after the installs.
port-free:
	@python3 -c 'import socket, sys; p = sys.argv[1]; \
	p.isdecimal() and 0 < int(p) < 65536 or sys.exit(f"PORT={p} is not a port number; try: make run PORT=8001"); \
	socket.socket().connect_ex(("127.0.0.1", int(p))) == 0 and sys.exit( \
	f"Port {p} on 127.0.0.1 is already in use (another make run?). Stop that server, or choose another port: make run PORT={int(p) + 1}")' '$(PORT)'

# port-free comes first: make builds prerequisites left to right.
run: port-free sysdeps-runtime .venv/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_logins --port $(PORT)
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: .venv/.installed
	.venv/bin/celery -A config worker -Q celery,pdf --loglevel=INFO --concurrency=2 --max-tasks-per-child=10 --prefetch-multiplier=1

test: sysdeps-test .venv/.installed node_modules/.installed
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: .venv/.installed
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: .venv/.installed
	$(PY) bench/run.py

# Fifty users at once against gunicorn -w 4 on 127.0.0.1; locust lives in its own venv, not in requirements.
bench/.venv-load/.installed:
	test -d bench/.venv-load || python3 -m venv bench/.venv-load
	bench/.venv-load/bin/pip install -q "locust>=2.47,<3"
	touch $@

bench-load: .venv/.installed bench/.venv-load/.installed
	$(PY) bench/load.py

# The province annual report built by real Celery workers on Redis (needs Redis on 127.0.0.1:6379).
bench-reports: .venv/.installed
	$(PY) bench/reports.py

# The daily reminders' refresh over the province demo, in one transaction rolled back at the end.
bench-reminders: .venv/.installed
	$(PY) bench/reminders.py

# The province's first load from Excel: exported from the demo, previewed and applied into an empty database.
bench-imports: .venv/.installed
	$(PY) bench/imports.py

clean:
	rm -rf .venv node_modules db.sqlite3 staticfiles private_media
