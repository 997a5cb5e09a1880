# Coursive — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test install install-dev migrate demo serve lint format messages lock bench backup clean

run: install migrate demo
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# A virtual environment keeps the pinned versions away from the system Python. Debian ships venv
# separately (python3-venv); without it we fall back on virtualenv from PyPI.
$(PY):
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(PYTHON) -m pip install --user --quiet virtualenv && $(PYTHON) -m virtualenv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/base.txt requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt -r requirements/dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py demo_load
	$(PY) manage.py demo_notices
	$(PY) manage.py demo_responses
	$(PY) manage.py demo_premises
	$(PY) manage.py demo_invoicing
	$(PY) manage.py demo_leases
	$(PY) manage.py demo_lending
	$(PY) manage.py demo_purchasing

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerates the gettext catalogues after changing user-facing strings. French is the source language:
# its catalogue holds only the texts about a count, as written, so that French plural rules apply to them
# (« 0 référence » ; without a catalogue gettext puts every count but 1 in the plural).
FR_PO := locale/fr/LC_MESSAGES/django.po
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=bench
	rm -f $(FR_PO)
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=bench
	awk 'BEGIN { RS = ""; ORS = "\n\n" } NR == 1 { sub(/#, fuzzy\n/, ""); sub(/Language: /, "Language: fr"); print; next } /\nmsgid_plural /' $(FR_PO) | msgen -o $(FR_PO) -
	$(PY) manage.py compilemessages --ignore=.venv

# Re-pins every dependency (needs network access to PyPI).
lock:
	$(PYTHON) -m pip install --quiet pip-tools
	cd requirements && $(PYTHON) -m piptools compile -q --generate-hashes --strip-extras -o base.txt base.in
	cd requirements && $(PYTHON) -m piptools compile -q --generate-hashes --strip-extras -o dev.txt dev.in

bench: install-dev
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
