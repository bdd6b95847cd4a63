# Two commands: `make demo` (serve with demo data on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT ?= 1
PYTEST_ARGS ?=

.PHONY: demo test lint install clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/aftersales db upgrade
	$(BIN)/aftersales demo
	@# The worker sends the messages the demo's changes queue (to data/mail and data/sms.log)
	@# and runs the scheduled jobs; it stops with the server.
	$(BIN)/aftersales worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/aftersales serve --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests migrations $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP)
ifeq ($(LINT),1)
	$(MAKE) --no-print-directory lint
endif
	$(BIN)/pytest -q -n 2 --dist loadgroup $(PYTEST_ARGS)

# After changing page or message texts: refresh the catalogues, then translate the new entries.
# The domain errors' names are keywords too: the message a service raises is extracted as is.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ -k Msg -k ngettext:1,2 \
		-k DomainError -k NotFound -k Forbidden -k Conflict -k StaleVersion \
		-k InvalidTransition:1 -k ValidationFailed:1 --no-location \
		--sort-output -o messages.pot .
	$(BIN)/pybabel update -i messages.pot -d src/aftersales/locales --no-fuzzy-matching --ignore-obsolete
	rm messages.pot

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
