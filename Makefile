# CareerOps — the front door. `make run` serves the platform, `make test` runs every test.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/debug/careerops
RELEASE_BIN := .build/release/careerops

.PHONY: setup model movielens build run test test-sqlite test-postgres test-security security test-e2e test-cluster test-deploy lint bench bench-load clean

# System packages the build needs (Debian). Installed only when missing.
setup:
	@scripts/setup.sh

# The text encoder's weights (all-MiniLM-L6-v2), checked by sha256, into .cache/models/.
model:
	@scripts/fetch-model.sh

# MovieLens-100k, for `careerops eval recommender` and `make bench`.
movielens:
	@scripts/fetch-movielens.sh

build: setup
	$(SWIFT) build --product careerops

# Development server on ./data/careerops.sqlite with demo data; prints the URL and demo logins.
# (A debug build, with the numeric module optimized: see Package.swift.)
run: build model
	$(BIN) serve

# The whole suite on SQLite (in-process cache), then again on PostgreSQL when DATABASE_URL names
# one (with Redis too when REDIS_URL names one), then schemathesis and sqlmap, the browser suite,
# the cluster test (as root) and the deployment files.
test: setup lint model
	@scripts/setup-tests.sh
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory test-sqlite
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then $(MAKE) --no-print-directory test-postgres; \
	 else echo "DATABASE_URL is not a PostgreSQL URL: skipping the PostgreSQL run"; fi
	$(MAKE) --no-print-directory test-security
	$(MAKE) --no-print-directory test-e2e
	@if [[ $$(id -u) -eq 0 ]]; then $(MAKE) --no-print-directory test-cluster; \
	 else echo "not root: skipping the cluster test (it starts a PostgreSQL cluster as the postgres user)"; fi
	$(MAKE) --no-print-directory test-deploy

test-sqlite:
	@echo "== tests on SQLite"
	env -u DATABASE_URL -u REDIS_URL $(SWIFT) test --skip-build

test-postgres:
	@echo "== tests on PostgreSQL"
	$(SWIFT) test --skip-build

# Tools that know nothing of our code, side by side against fresh SQLite platforms: schemathesis
# (every operation of the OpenAPI document, as the demo member and as the admin: 10 examples each
# from a fixed seed) and sqlmap (every parameter, level 1). Output in build/security/.
test-security: build model
	env -u DATABASE_URL -u REDIS_URL tests/security/run.sh $(BIN)

# The same at full strength (schemathesis: 100 examples from a new seed; sqlmap: level 3, risk 2,
# every technique including time-based; on PostgreSQL when DATABASE_URL names one). Tens of minutes.
security: build model
	tests/security/run.sh --full $(BIN)

# The browser suite: headless Chromium drives the web app (screenshots in build/e2e/).
test-e2e: build model
	tests/e2e/run.sh $(BIN)

# Several instances behind HAProxy on PostgreSQL and Redis: shared sessions and rate limits, jobs
# run once, an instance killed under load, Redis stopped (logs in build/cluster/).
test-cluster: build model
	tests/cluster/run.sh $(BIN)

# The deployment files: Kubernetes manifests (kubernetes-validate), Prometheus rules (promtool),
# compose file, Grafana dashboard and Dockerfile.
test-deploy:
	@scripts/check-deploy.sh

# Architecture rules that the compiler does not check.
lint:
	@scripts/lint.sh

# Release build, then throughput and latency of named endpoints; figures land in bench/results/.
bench: setup model
	$(SWIFT) build -c release --product careerops
	scripts/bench.sh $(RELEASE_BIN)

# Open-loop load at rising rates over 10,000 connections against two release instances behind
# HAProxy on PostgreSQL and Redis; the highest rate holding p99 under 200 ms (and 50 ms).
bench-load: setup model
	$(SWIFT) build -c release --product careerops
	python3 scripts/bench_load.py $(RELEASE_BIN)

clean:
	rm -rf .build
