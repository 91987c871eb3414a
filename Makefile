# Engage quick start: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install install-test translations compile-translations migrate demo serve browser-deps apt-install screenshots clean

$(VENV)/.installed: setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip setuptools wheel
	$(PIP) install -q -e '.[embeddings]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(PIP) install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

compile-translations: install
	$(PY) scripts/translate.py compile

translations: install
	$(PY) scripts/translate.py update

migrate: install compile-translations
	$(FLASK) engage migrate

demo: migrate
	$(FLASK) engage demo --if-empty

serve:
	$(FLASK) run --host $(HOST) --port $(PORT)

run: demo
	@echo "Engage is starting on http://$(HOST):$(PORT)  (demo logins were printed when the demo was first seeded;"
	@echo "  set ENGAGE_DEMO_PASSWORD before the first run to choose the password)"
	$(MAKE) --no-print-directory serve

# Debian's Chromium for the real-browser tests (never `playwright install`: it cannot download here)
# and axe-core from npm, pinned in package.json.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || $(MAKE) --no-print-directory apt-install PACKAGES="chromium fonts-noto-core"
	@# Only when npm is missing: a Node.js from another source ships its own npm and conflicts with Debian's.
	@command -v npm >/dev/null 2>&1 || $(MAKE) --no-print-directory apt-install PACKAGES="npm"
	@if [ -f package.json ] && [ ! -d node_modules/axe-core ]; then npm ci --silent --no-audit --no-fund; fi

apt-install:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PACKAGES) >/dev/null; \
	else echo "missing: sudo apt-get install $(PACKAGES)"; exit 1; fi

test: install-test compile-translations browser-deps
	$(PY) -m pytest $(PYTEST_ARGS)

screenshots: install-test compile-translations browser-deps
	$(PY) -m tests.browser.screenshots

clean:
	rm -rf $(VENV) instance/*.db .pytest_cache
