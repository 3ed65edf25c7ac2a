# Two commands do all set-up: `make run` and `make test` (see README.md).
VENV    := .venv
PY      := $(VENV)/bin/python
PORT    ?= 5000
HOST    ?= 127.0.0.1
MO      := compass/translations/en/LC_MESSAGES/messages.mo
PO      := compass/translations/en/LC_MESSAGES/messages.po

.PHONY: run test install install-dev translations extract-messages bench bench-web bench-classroom bench-journey clean

$(PY):
	python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(MO): $(PO) | $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d compass/translations -D messages

translations: $(MO)

## Serve the app on http://$(HOST):$(PORT) with the embedded SQLite database.
## HOST=0.0.0.0 lets phones on the network reach it (a classroom); PUBLIC_URL=https://…
## sets the address class join links and QR codes show (behind a proxy).
run: install translations
	$(VENV)/bin/valkompass setup
	PUBLIC_URL="$(PUBLIC_URL)" $(VENV)/bin/valkompass run --host $(HOST) --port $(PORT)

## Install test tools (Python extras, axe-core) and run the suite on SQLite and PostgreSQL.
test: install-dev translations tests/node_modules/axe-core/axe.min.js
	$(PY) -m pytest

tests/node_modules/axe-core/axe.min.js: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --silent
	touch $@

## Refresh the message catalogue after changing UI texts.
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o compass/translations/messages.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i compass/translations/messages.pot -d compass/translations

## Benchmarks: each prints its figures (see README "Measured figures").
# numpy's huge-page advice off: on kernels whose THP defrag policy is "madvise" it makes random
# calls compact memory for seconds (see benchmarks/scoring.py and the README's figures).
bench: install-dev
	NUMPY_MADVISE_HUGEPAGE=0 $(PY) benchmarks/scoring.py

bench-web: install-dev translations
	$(PY) benchmarks/web.py

bench-classroom: install-dev translations
	$(PY) benchmarks/classroom.py

bench-journey: install-dev translations
	$(PY) benchmarks/journey.py
	$(PY) benchmarks/journey.py --postgresql

clean:
	rm -rf $(VENV) instance tests/node_modules
