# Two commands for a newcomer: `make run` and `make test` (see README.md).
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; override on the command line or in the environment.
export DEBUG ?= 1
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate demo worker messages clean

$(BIN)/python:
	@python=$$(scripts/check_prerequisites.sh) && $$python -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@scripts/check_prerequisites.sh >/dev/null
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Åbn http://$(HOST)/ og log ind som formand, naestformand, medlem, projektleder, hr eller nabo (adgangskode: demo)."
	$(BIN)/python manage.py runserver $(HOST)

worker: $(VENV)/.installed
	$(BIN)/celery -A workbench worker --loglevel=INFO

test: $(VENV)/.installed
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
