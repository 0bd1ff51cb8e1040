# Two commands for a newcomer: `make run` and `make test` (see README.md).
VENV := .venv
BIN := $(VENV)/bin
# Development defaults; override on the command line or in the environment.
export DEBUG ?= 1
HOST ?= 127.0.0.1:8000

.PHONY: run test lint format migrate demo worker beat messages lock clean

$(BIN)/python:
	@python=$$(scripts/check_prerequisites.sh) && $$python -m venv $(VENV)

# Installs exactly the locked versions (hash-checked), then the project itself
# without resolving anything: nothing unpinned enters the virtualenv.
$(VENV)/.installed: requirements-dev.txt pyproject.toml | $(BIN)/python
	@scripts/check_prerequisites.sh >/dev/null
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation .
	touch $@

# The lock files, from pyproject.toml: requirements.txt (what the image
# runs) and requirements-dev.txt (that plus the test tools, the same
# versions). Pins already in the files are kept unless pyproject.toml rules
# them out; `make lock PIP_COMPILE_ARGS=--upgrade` takes the newest allowed,
# `PIP_COMPILE_ARGS="--upgrade-package django"` one package.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) $(PIP_COMPILE_ARGS) --extra dev --constraint requirements.txt \
		--output-file requirements-dev.txt pyproject.toml

migrate: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo "Åbn http://$(HOST)/ og log ind som formand, naestformand, medlem, projektleder, hr eller nabo (adgangskode: demo)."
	$(BIN)/python manage.py runserver $(HOST)

worker: $(VENV)/.installed
	$(BIN)/celery -A workbench worker --loglevel=INFO

beat: $(VENV)/.installed
	$(BIN)/celery -A workbench beat --loglevel=INFO --schedule $(VENV)/celerybeat-schedule

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
