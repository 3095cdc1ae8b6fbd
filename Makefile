# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# demo scale 0.2: ~40 statutory areas, so every kind of list appears in recent years
DEMO_SCALE ?= 0.2
BENCH_SCALE ?= 1
DEMO_PORT ?= 8000

.PHONY: demo test check bench docs messages clean system-demo system-test

# Debian packages (venv, WeasyPrint's libraries; for `make test` also Debian's chromium, which the browser tests
# drive): installed as root, else the exact apt-get command is printed and make stops.
system-demo:
	@sh scripts/system-packages.sh demo
system-test:
	@sh scripts/system-packages.sh test
	@test -x /usr/bin/chromium || { echo "make test needs Debian's chromium at /usr/bin/chromium: apt-get install -y chromium" >&2; exit 1; }

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

demo: system-demo $(STAMP)  ## synthetic Denmark -> pipeline -> lists -> web application on http://127.0.0.1:8000
	rm -rf var/demo-data var/demo-bundle var/web.sqlite3*
	$(BIN)/boligmonitor synth --out var/demo-data --scale $(DEMO_SCALE) --years 2006-2024 --seed 1
	$(BIN)/boligmonitor run --data var/demo-data --out var/demo-bundle
	$(BIN)/boligmonitor lists --bundle var/demo-bundle
	$(BIN)/boligmonitor-web migrate -v0
	$(BIN)/boligmonitor-web import_bundle --publish var/demo-bundle
	$(BIN)/boligmonitor-web demo_users | tee var/demo-users.txt
	for f in boligmonitor/web/plans/demo/*.yaml; do $(BIN)/boligmonitor-web plan import "$$f" || exit 1; done
	@echo
	@echo "Web application: http://127.0.0.1:$(DEMO_PORT)/  (accounts above, also in var/demo-users.txt; stop with Ctrl+C)"
	$(BIN)/boligmonitor-web serve --bind 127.0.0.1:$(DEMO_PORT)

test: system-test $(STAMP)  ## the whole suite (SQLite; set DATABASE_URL=postgres://... to run it on PostgreSQL)
	$(BIN)/pytest -q -n 2

check: $(STAMP)  ## ruff, mypy strict on the core, import-linter layer contracts, docs up to date
	$(BIN)/ruff check boligmonitor tests bench
	$(BIN)/mypy boligmonitor
	$(BIN)/lint-imports
	$(BIN)/python -m boligmonitor.docs --check

docs: $(STAMP)  ## regenerate the generated reference docs
	$(BIN)/python -m boligmonitor.docs

bench: $(STAMP)  ## national-scale benchmarks: pipeline, then the web application on its bundle
	$(BIN)/python bench/run_bench.py --scale $(BENCH_SCALE)
	$(BIN)/python bench/web_bench.py --bundle bench-data/bundle-s$(BENCH_SCALE)
	$(BIN)/python bench/many_areas.py --data bench-data/s$(BENCH_SCALE) --out bench-data/s$(BENCH_SCALE)-2000
	$(BIN)/boligmonitor run --data bench-data/s$(BENCH_SCALE)-2000 --out bench-data/bundle-s$(BENCH_SCALE)-2000 --overwrite
	$(BIN)/python bench/web_bench.py --bundle bench-data/bundle-s$(BENCH_SCALE)-2000
	$(BIN)/python bench/plans_bench.py --bundle bench-data/bundle-s$(BENCH_SCALE)-2000 --web

messages: $(STAMP)  ## refresh the English catalogue of the web interface (needs GNU gettext)
	cd boligmonitor/web && DJANGO_SETTINGS_MODULE=boligmonitor.web.settings ../../$(BIN)/django-admin makemessages -l en --no-location
	msgfmt --check -o boligmonitor/web/locale/en/LC_MESSAGES/django.mo boligmonitor/web/locale/en/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
