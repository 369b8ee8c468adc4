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

# The live book's Python (Pyodide 0.27.7: numpy 2.0.2, pandas 2.2.3, matplotlib 3.8.4, ipywidgets 8.1.8)
# installed natively: `make test` runs the package, exercise and explorer tests there a second time.
PYO_VENV  := .cache/pyodide-stack-venv
PYO_STAMP := $(PYO_VENV)/.kzlesson-installed
PYODIDE_STACK_TESTS := tests/test_package.py tests/test_data_loaders.py tests/test_png.py \
	tests/test_exercises_check.py tests/test_exercises_fixtures.py tests/test_exercises_followup.py \
	tests/test_exercises_parse.py tests/test_exercises_report.py tests/test_exercises_spec.py \
	tests/test_exercises_store.py tests/test_exercises_widgets.py \
	tests/test_exercises_judgement.py tests/test_exercises_student_input.py \
	tests/test_data_trade_loaders.py tests/test_explorer_charts.py tests/test_timeline_explorer_search.py \
	tests/test_trade.py tests/test_trade_explorer.py tests/test_trade_fact_table.py \
	tests/test_timeline.py tests/test_timeline_explorer.py tests/test_timeline_plot.py
# the Sphinx extension is not part of the browser's kzlesson (no Sphinx there)
PYODIDE_STACK_DESELECT := --deselect tests/test_package.py::test_static_render_mode_is_set_by_the_sphinx_extension

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

$(PYO_STAMP): requirements/pyodide-stack.txt
	@test -d $(PYO_VENV) || $(PYTHON) -m venv $(PYO_VENV)
	$(PYO_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/pyodide-stack.txt
	@touch $(PYO_STAMP)

book: $(STAMP)  ## Set up, then build the book into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "Front page: $(CURDIR)/_build/html/index.html"

test: $(STAMP) $(PYO_STAMP)  ## Set up, then run the whole test suite (and its core again on the live book's Python stack)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)
	@echo "[make test] the package, exercise and explorer tests again, on the Pyodide stack's versions ($(PYO_VENV)):"
	PYTHONPATH=src $(PYO_VENV)/bin/python -m pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) $(PYODIDE_STACK_DESELECT) $(PYODIDE_STACK_TESTS)

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
