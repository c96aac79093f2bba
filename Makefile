# The two commands of the README: `make setup` then `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup test lint unit notebooks run bench clean

setup: $(BIN)/gwr

$(BIN)/gwr: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

test: lint unit notebooks

lint: setup
	$(BIN)/ruff check src tests benchmarks notebooks/conftest.py

unit: setup
	$(BIN)/python -m pytest tests

# nbval re-runs the committed notebooks and compares the cells tagged nbval-check-output.
notebooks: setup
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env \
	    --nbval-sanitize-with notebooks/nbval_sanitize.cfg -p no:cacheprovider notebooks

run: setup
	$(BIN)/gwr run

bench: setup
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_panel.py --reports 200

clean:
	rm -rf $(VENV) reports build src/*.egg-info
