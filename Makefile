# The two commands of the README, and a few helpers. Each target is a thin wrapper over a
# script in Deploy/ so it also works without make.
.PHONY: demo test faults report-check format format-check db-start db-stop db-url db-migration-url bench bench-quick

demo:       ## start PostgreSQL, migrate, serve on http://127.0.0.1:8080
	Deploy/demo.sh

test:       ## run every test against the project's own PostgreSQL
	Deploy/test.sh

faults:     ## kill and restart PostgreSQL and the server under load; checks what must hold (CI runs this)
	Tests/Faults/run.sh

report-check: ## the council reports of the demo against SQL, axe-core, A4 PDFs, screenshots (CI runs this)
	Tests/Report/run.sh

format:     ## format the Swift code in place (swift format, .swift-format)
	Deploy/format.sh

format-check: ## fail if the Swift code is not formatted (CI runs this first)
	Deploy/format.sh --check

db-start:   ## start the project's PostgreSQL and print its URL
	Deploy/local-postgres.sh start

db-stop:
	Deploy/local-postgres.sh stop

db-url:     ## the runtime role's URL (MITREDEN_DATABASE_URL)
	@Deploy/local-postgres.sh url

db-migration-url: ## the owner's URL (MITREDEN_MIGRATION_DATABASE_URL)
	@Deploy/local-postgres.sh migration-url

bench:      ## the full benchmark (release build, large campaign; see README, Performance)
	Benchmarks/run.sh

bench-quick: ## the benchmark with small data, a few seconds per scenario
	Benchmarks/run.sh --quick
