# provide_coop: one place that knows how to set up, run, test and measure.
#   make run    Odoo on http://localhost:8069 with provide_coop and demo data
#   make upgrade  upgrade provide_coop in make run's database (make run does it when the version changed)
#   make reset  drop make run's database: the next make run installs the demo afresh
#   make test   lint + every suite, each on a fresh database that is dropped after
#   make bench  the pipeline benchmark (not part of make test)
#   make fuzz   the public enquiry page under FUZZ_POSTS random posts (5000)
#   make screenshots  the PNGs of static/description and docs/screenshots, on the demo data
#   make readme the app page static/description/index.html, from readme/*.md
#   make lint   ruff + pylint-odoo mandatory checks; make wheel: the addon as a wheel
SHELL := /bin/bash
.DEFAULT_GOAL := help

export ODOO_SRC ?= /opt/odoo-18.0
export VENV ?= $(CURDIR)/.venv
export PGHOST ?= 127.0.0.1
export PGPORT ?= 5432
RUN_DB ?= provide_coop
HTTP_PORT ?= 8069
PY := $(VENV)/bin/python
ADDONS_PATH := $(ODOO_SRC)/addons,$(ODOO_SRC)/odoo/addons,$(CURDIR)
ODOO := $(PY) $(ODOO_SRC)/odoo-bin --addons-path=$(ADDONS_PATH)

.PHONY: help setup sysdeps odoo venv pg run upgrade reset test lint bench fuzz screenshots readme wheel clean

help:
	@sed -n '2,10p' Makefile | sed 's/^# //'

sysdeps:
	@tools/ensure_sysdeps.sh

odoo:
	@tools/ensure_odoo.sh

venv: odoo
	@tools/ensure_venv.sh

pg:
	@tools/check_postgres.sh

setup: sysdeps odoo venv pg

run: setup
	@installed=$$(psql -d "$(RUN_DB)" -tAc "select latest_version from ir_module_module where name='provide_coop' and state='installed'" 2>/dev/null); \
	version=$$($(PY) -c "import ast; print(ast.literal_eval(open('provide_coop/__manifest__.py').read())['version'])"); \
	if [ -z "$$installed" ]; then \
		echo "Installing provide_coop with demo data into database $(RUN_DB) (about a minute and a half) ..."; \
		$(ODOO) -d $(RUN_DB) -i provide_coop --stop-after-init --http-port=$(HTTP_PORT) --log-level=warn; \
	elif [ "$$installed" != "$$version" ]; then \
		echo "Upgrading provide_coop in database $(RUN_DB) from $$installed to $$version ..."; \
		$(ODOO) -d $(RUN_DB) -u provide_coop --stop-after-init --http-port=$(HTTP_PORT) --log-level=warn; \
	fi
	@echo ""
	@echo "  provide_coop: http://localhost:$(HTTP_PORT)/odoo/action-provide_coop.provide_enquiry_action_pipeline"
	@echo "  database $(RUN_DB), logins (login / password): rosa / rosa (manager),"
	@echo "  ana / ana and ben / ben (advisers); admin / admin is Odoo's administrator"
	@echo ""
	$(ODOO) -d $(RUN_DB) --db-filter='^$(RUN_DB)$$' --http-port=$(HTTP_PORT)

upgrade: setup
	$(ODOO) -d $(RUN_DB) -u provide_coop --stop-after-init --http-port=$(HTTP_PORT) --log-level=warn

reset: pg
	dropdb --if-exists "$(RUN_DB)"
	rm -rf "$(HOME)/.local/share/Odoo/filestore/$(RUN_DB)"
	@echo "Database $(RUN_DB) dropped: the next make run installs the demo afresh."

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pylint --rcfile=.pylintrc-mandatory provide_coop provide_coop_website
	$(PY) tools/gen_addon_readme.py --check

test: setup lint
	@tools/run_tests.sh

bench: setup
	@tools/run_bench.sh

FUZZ_POSTS ?= 5000
fuzz: setup
	@FUZZ_POSTS=$(FUZZ_POSTS) PYTEST_ARGS="provide_coop/tests/test_web_intake_fuzz.py --odoo-log-level=info -s" \
		tools/run_tests.sh 2>&1 | grep -aE "Fuzzed|passed|failed|Error|FAIL"; exit $${PIPESTATUS[0]}

screenshots: setup
	@tools/ensure_shots_venv.sh
	@tools/run_screenshots.sh

readme: venv
	$(PY) tools/gen_addon_readme.py

wheel: venv
	cd provide_coop && $(PY) -m build --wheel --no-isolation -o $(CURDIR)/dist .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
