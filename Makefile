# The README's first two commands: `make demo` (GistCloud offline) and `make test` (every suite). `make run` needs GitHub.
.PHONY: run test demo bench bench-api lighthouse package build dynamodb-local clean

run: ## Run GistCloud locally: DynamoDB Local + API on http://localhost:5080
	./scripts/run-local.sh

test: ## Run every test suite; ends with "N passed, M failed"
	./scripts/test.sh

demo: ## Offline demo: DynamoDB Local, fake GitHub + Pipedrive and the API with the web app on http://localhost:5090
	./scripts/demo.sh

bench: ## Sync benchmarks (not a test) against in-memory DynamoDB Local and the fakes; options: make bench ARGS="--help"
	./scripts/bench.sh $(ARGS)

bench-api: ## API start-up and /health throughput against an empty minimal API (not a test); options: make bench-api ARGS="--help"
	./scripts/bench-api.sh $(ARGS)

lighthouse: ## Lighthouse 12 (Debian's Chromium) on the users page and a user page, desktop and mobile; fails below the targets
	cd web && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent lighthouse

package: ## Lambda zips (linux-arm64) and the built SPA into artifacts/, for pulumi up; READY_TO_RUN=false for smaller zips
	./scripts/package.sh

build:
	dotnet build GistCloud.sln

dynamodb-local: ## Fetch DynamoDB Local into .cache/ (done by run and test too)
	./scripts/dynamodb-local.sh fetch

clean:
	rm -rf TestResults artifacts
	dotnet clean GistCloud.sln
