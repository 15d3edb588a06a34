# The README's two commands: `make run` and `make test`.
.PHONY: run test bench build dynamodb-local clean

run: ## Run GistCloud locally: DynamoDB Local + API on http://localhost:5080
	./scripts/run-local.sh

test: ## Run every test suite; ends with "N passed, M failed"
	./scripts/test.sh

bench: ## Sync benchmarks (not a test) against in-memory DynamoDB Local and the fakes; options: make bench ARGS="--help"
	./scripts/bench.sh $(ARGS)

build:
	dotnet build GistCloud.sln

dynamodb-local: ## Fetch DynamoDB Local into .cache/ (done by run and test too)
	./scripts/dynamodb-local.sh fetch

clean:
	rm -rf TestResults artifacts
	dotnet clean GistCloud.sln
