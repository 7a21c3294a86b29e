# Casesamlingen: `make run` serves the site, `make test` runs every test,
# `make serve-production` serves it as in production (nginx in front of gunicorn, docs/operations.md).
# Both create .venv and install the locked dependencies first (needs Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run serve-production test install index check lock translations browser-deps nginx-deps clean contract language-data

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

check: install
	$(BIN)/python -m indexer check

index: install
	$(BIN)/python -m indexer build

run: index
	CASESAMLINGEN_ENV=$${CASESAMLINGEN_ENV:-development} $(BIN)/gunicorn -c gunicorn.conf.py

# Needs nginx (make nginx-deps) and CASESAMLINGEN_SECRET_KEY; listens on 127.0.0.1:8080.
serve-production: index
	$(BIN)/python deploy/production.py

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Message catalogues: extract the Danish texts, merge them into the English catalogue (translate
# the new empty entries in search_app/translations/en/LC_MESSAGES/messages.po), compile the .mo.
TRANSLATIONS := search_app/translations
translations: install
	mkdir -p var
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k lazy_gettext \
		--no-location --sort-output --project=Casesamlingen --version=1 --copyright-holder=Casesamlingen \
		--msgid-bugs-address=- -o var/messages.pot .
	test -f $(TRANSLATIONS)/en/LC_MESSAGES/messages.po || \
		$(BIN)/pybabel -q init -i var/messages.pot -d $(TRANSLATIONS) -l en
	$(BIN)/pybabel -q update --no-fuzzy-matching --width=100 -i var/messages.pot -d $(TRANSLATIONS) -l en
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS) -l en

# Chromium (Debian) and axe-core (npm) for the browser tests; needs root and apt-get/npm.
browser-deps:
	bash .ci/browser-deps

# nginx (Debian) for `make serve-production` and tests/test_front_server.py; needs root.
nginx-deps:
	bash .ci/nginx-deps

# Danish language data in indexer/data/ (word list, thesaurus), derived from Debian's hunspell-da
# and mythes-da; needs them installed (apt-get install hunspell-da mythes-da). The output is
# committed, so running the site needs neither (indexer/data/SOURCES.md).
language-data: install
	$(BIN)/python tools/language_data.py

lock:
	$(PYTHON) -m venv /tmp/casesamlingen-pip-tools && /tmp/casesamlingen-pip-tools/bin/pip install --quiet pip-tools
	/tmp/casesamlingen-pip-tools/bin/pip-compile --quiet --generate-hashes --extra test --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache

# The API against its OpenAPI description, as an integrator would test it: Schemathesis with
# every check on the site served by gunicorn (see .ci/contract; SEED=… MAX_EXAMPLES=… to vary).
contract: install
	BIN=$(BIN) bash .ci/contract
