#!/usr/bin/env bash
# Archive (copy + verify + delete, checkpointed) vs a plain read-and-write through the driver, same documents, one run.
# Checkpoints go to a database of its own on the local PostgreSQL (created once with export-worker's tables).
# Usage: bench/archive-throughput.sh [documents] [batch]     (defaults 100000 and 2000; MONGODB_URI for a real mongod)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCS=${1:-100000}
BATCH=${2:-2000}
DB=dbp_bench_archive
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
if ! "${PSQL[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
    "${PSQL[@]}" -d "$DB" -f "$ROOT/export-worker/src/main/resources/db/migration/V2__archive_batches.sql" >/dev/null
fi
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp ${MAVEN_ARGS:-} dependency:build-classpath -pl export-worker -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null)
java -cp "$ROOT/export-worker/target/classes:$(cat "$cp_file")" "$ROOT/bench/ArchiveThroughput.java" \
    "jdbc:postgresql://127.0.0.1:5432/$DB" "$DOCS" "$BATCH"
rm -f "$cp_file"
