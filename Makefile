# make report  the audit, then every notebook as HTML reports and figures (reports/, figures/)
# make test    lint, format check and the tests
# make lab     JupyterLab on notebooks/
# The first use creates .venv and installs budgetlib with its extras; later uses
# reuse it and reinstall only when pyproject.toml has changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: report test lab clean

report: $(INSTALLED)
	$(BIN)/budgetlib check
	$(BIN)/budgetlib facts
	$(BIN)/budgetlib report

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n auto --dist loadfile

lab: $(INSTALLED)
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	$(BIN)/python -m pip install --quiet --editable '.[lab,dev,distributed]' >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $@

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache reports figures/zh figures/en
