#!/usr/bin/env bash
# Archive (copy + verify + delete, checkpointed) vs a plain read-and-write through the driver, same documents, one run.
# Checkpoints go to a database of its own on the local PostgreSQL (created once with export-worker's tables).
# Usage: bench/archive-throughput.sh [documents] [batch] [rounds]
#   defaults 100000, 10000 (the worker's dbp.export.archive.batch-size) and 5; MONGODB_URI for a real mongod
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCS=${1:-100000}
BATCH=${2:-10000}
DB=dbp_bench_archive
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
if ! "${PSQL[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
    "${PSQL[@]}" -d "$DB" -f "$ROOT/export-worker/src/main/resources/db/migration/V2__archive_batches.sql" >/dev/null
fi
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp ${MAVEN_ARGS:-} dependency:build-classpath -pl export-worker -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null)
ROUNDS=${3:-5}
# One JVM per round, each warmed up first, alternating which path runs first; the figure is the median of the
# per-round ratios. A fixed heap: the in-process wire server holds both collections, and a heap that keeps resizing
# makes rounds differ by up to 2x.
ratios=()
for round in $(seq 1 "$ROUNDS"); do
    order=plain-first; (( round % 2 == 0 )) && order=archive-first
    out=$(java -Xms3g -Xmx3g -cp "$ROOT/export-worker/target/classes:$(cat "$cp_file")" \
        "$ROOT/bench/ArchiveThroughput.java" "jdbc:postgresql://127.0.0.1:5432/$DB" "$DOCS" "$BATCH" "$order" 2>&1 \
        | grep -E '^(documents|plain|archive|ratio|reference)')
    echo "round $round:"; sed 's/^/  /' <<<"$out"
    ratios+=("$(sed -n 's/^ratio archive \/ plain *: \([0-9.]*\)x$/\1/p' <<<"$out")")
done
rm -f "$cp_file"
printf '%s\n' "${ratios[@]}" | sort -n | awk -v n="$ROUNDS" '{ r[NR] = $1 }
    END { m = (n % 2) ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2;
          printf "median ratio archive / plain over %d rounds: %.2fx (range %.2f-%.2f; target >= 0.5x)\n", n, m, r[1], r[n] }'
