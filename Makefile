# Thin wrapper over dotnet and the infra scripts. `make demo` and `make test` work on a fresh
# Debian machine: they start what they need (a local PostgreSQL; Kafka runs in-process on the
# librdkafka mock cluster unless KAFKA_BOOTSTRAP_SERVERS is set).
SHELL := /bin/bash
CONFIGURATION ?= Release
DOTNET := dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: build test demo dev bench bench-quick pg-start pg-stop kafka-start kafka-stop clean

build:
	$(DOTNET) build LlmBroker.sln -c $(CONFIGURATION) -warnaserror

pg-start:
	@bash infra/postgres/start.sh

pg-stop:
	@bash infra/postgres/stop.sh

kafka-start:
	@bash infra/kafka/start-mock.sh

kafka-stop:
	@bash infra/kafka/stop-mock.sh

# Unit, integration and end-to-end tests on the real Kafka protocol and a real PostgreSQL.
test: build
	@export LLMBROKER_PG_FAST=1; \
	 if [ -z "$${LLMBROKER_PG:-}" ]; then \
	   export LLMBROKER_PG="$$(bash infra/postgres/start.sh | sed -n 's/^LLMBROKER_PG=//p' | tail -n 1)"; \
	 fi; \
	 bash infra/test/run-tests.sh $(CONFIGURATION)

# Everything in one process on embedded defaults: mock Kafka, local PostgreSQL, fake provider.
demo:
	@conn="$$(bash infra/postgres/start.sh | sed -n 's/^LLMBROKER_PG=//p' | tail -n 1)"; \
	 $(DOTNET) run --project services/LlmBroker.Cli -c $(CONFIGURATION) -- demo --pg "$$conn"

# The whole stack in one process, until Ctrl+C.
dev:
	@conn="$$(bash infra/postgres/start.sh | sed -n 's/^LLMBROKER_PG=//p' | tail -n 1)"; \
	 $(DOTNET) run --project services/LlmBroker.Cli -c $(CONFIGURATION) -- dev --pg "$$conn"

bench:
	@conn="$$(bash infra/postgres/start.sh | sed -n 's/^LLMBROKER_PG=//p' | tail -n 1)"; \
	 $(DOTNET) run --project tests/LlmBroker.Benchmarks -c $(CONFIGURATION) -- --pg "$$conn" --report docs/benchmarks.md

bench-quick:
	@conn="$$(bash infra/postgres/start.sh | sed -n 's/^LLMBROKER_PG=//p' | tail -n 1)"; \
	 $(DOTNET) run --project tests/LlmBroker.Benchmarks -c $(CONFIGURATION) -- --pg "$$conn" --quick

clean:
	$(DOTNET) clean LlmBroker.sln -c $(CONFIGURATION)
