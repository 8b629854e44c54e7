.PHONY: run test setup lint bench
run:          ## install, load the demo catalogue, serve the web app on http://127.0.0.1:5000/
	bash scripts/run.sh
test:         ## install, ruff, mypy, the whole suite on SQLite then on PostgreSQL 15
	bash scripts/test.sh
setup:
	bash scripts/setup.sh --tests
lint:
	.venv/bin/python -m ruff check . && .venv/bin/python -m mypy
bench:        ## benchmarks (figures printed and written to bench/results/)
	.venv/bin/python bench/import.py
	.venv/bin/python bench/import_detail.py
	.venv/bin/python bench/search.py
	.venv/bin/python bench/pertinence.py
	.venv/bin/python bench/programme.py
	.venv/bin/python bench/load.py
