# The two commands (see README): `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: run test install system-run system-test migrate demo serve bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	@touch $(STAMP)

install: $(STAMP)

# The demo runs with debug on (and so plain http and the development key); production sets neither
# (README "Running in production"). YUANQU_DEBUG=0 make run tries the production settings locally.
migrate demo serve: export YUANQU_DEBUG ?= 1

# Debian packages (fonts, LibreOffice, Chromium …): installed when missing and run as root,
# otherwise the exact command to run is printed (bin/system-packages).
system-run:
	@bin/system-packages run

system-test:
	@bin/system-packages test

migrate: install
	$(PY) -m yuanqu migrate --noinput

demo: migrate
	$(PY) -m yuanqu demo

serve: install system-run
	$(PY) -m yuanqu collectstatic --noinput -v0
	$(PY) -m yuanqu runserver $(HOST)

# Install, migrate, load the demo county and serve on http://127.0.0.1:8000
run: demo serve

# Install and run every test (DATABASE_URL selects the database; default SQLite)
test: install system-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: demo system-run
	$(PY) bench/figures.py
	$(PY) bench/import.py
	$(PY) bench/report.py
	$(PY) bench/cockpit.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
