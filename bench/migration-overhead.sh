#!/usr/bin/env bash
# Overhead of the migration worker: a one-statement migration applied through the worker (real Kafka broker, outbox,
# Flyway, team role) vs the same statement with psql and with plain JDBC, side by side (p50/p95/max). Starts its own
# test resources (fresh PostgreSQL database, in-process Kafka, Redis prefix) like the module's tests; needs the local
# PostgreSQL and Redis, and psql. Usage: bench/migration-overhead.sh [runs]   (MAVEN_OPTS / -Dmaven.repo.local as usual)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-15}
cd "$ROOT"
mvn -B -q -ntp ${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL} -pl migration-worker test \
  -Dtest=MigrationOverheadBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.runs="$RUNS" -Dspotless.check.skip=true \
  >/dev/null
cat "$ROOT/migration-worker/target/bench/migration-overhead.txt"
