# kzlesson — two commands for a fresh machine:  make book   and   make test
# Everything else below is optional.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kzlesson-installed
JB_FLAGS := -W -n --keep-going
PORT ?= 8000
# one process per CPU (at most 4); the tests on the built book stay together on one of them
PYTEST_PARALLEL ?= -n logical --maxprocesses=4 --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help setup book test lab serve bench clean strip data

help:  ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kzlesson needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/constraints.txt -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)  ## Create .venv and install the package with its pinned dependencies

book: $(STAMP)  ## Set up, then build the book into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "Front page: $(CURDIR)/_build/html/index.html"

test: $(STAMP)  ## Set up, then run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# binder/lab-settings/overrides.json: no news pop-up, no update check (Binder gets the same file)
lab: $(STAMP)  ## Open JupyterLab on the chapters, for class (MyST rendered by jupyterlab-myst)
	$(BIN)/jupyter lab chapters --LabApp.app_settings_dir=$(CURDIR)/binder/lab-settings

serve:  ## Serve the built site on http://127.0.0.1:$(PORT)
	@test -f _build/html/index.html || { echo "No built site yet: run 'make book' first."; exit 1; }
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

bench: $(STAMP)  ## Print build, test, notebook and widget timings
	$(BIN)/python -m tests.bench

strip: $(STAMP)  ## Remove outputs and execution counts from every chapter notebook
	$(BIN)/nbstripout --drop-empty-cells --keep-id chapters/*.ipynb

data: $(STAMP)  ## Regenerate files derived from data/ (BibTeX, glossary page)
	$(BIN)/python -m kzlesson.generate

clean:  ## Remove the built book, caches and the virtual environment
	rm -rf _build .pytest_cache .benchmarks .cache $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
