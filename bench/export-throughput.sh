#!/usr/bin/env bash
# Masked CSV.gz export: export-worker's COPY path vs psql \copy | gzip on the same data, in one run.
# Creates (once) its own database with the demo schemas and deliveries scaled to ROWS rows (default 1,000,000).
# Usage: bench/export-throughput.sh [rows]     (needs the local PostgreSQL, psql and gzip)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROWS=${1:-1000000}
DB=dbp_bench_export
PSQL=(psql -h 127.0.0.1 -U postgres -X -q -v ON_ERROR_STOP=1)
if ! "${PSQL[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
    "${PSQL[@]}" -d "$DB" -f "$ROOT/platform-testkit/src/main/resources/demo/logicore-demo.sql" >/dev/null
fi
have=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM deliveries.deliveries")
if [ "$have" -lt "$ROWS" ]; then
    echo "scaling deliveries.deliveries from $have to $ROWS rows ..."
    "${PSQL[@]}" -d "$DB" -c "INSERT INTO deliveries.deliveries
        SELECT d.id + s * 150000, d.tracking_number || '-' || s, d.route_id, d.stop_id, d.customer_name,
               d.customer_phone, d.customer_email, d.delivery_address, d.postal_code, d.status, d.weight_kg,
               d.created_at, d.delivered_at
        FROM deliveries.deliveries d, generate_series(1, ($ROWS - 1) / 150000) s
        WHERE d.id <= 150000 AND d.id + s * 150000 <= $ROWS" >/dev/null
    "${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE deliveries.deliveries" >/dev/null
fi
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp ${MAVEN_ARGS:-} dependency:build-classpath -pl export-worker -Dmdep.outputFile="$cp_file" >/dev/null)
java -cp "$ROOT/export-worker/target/classes:$(cat "$cp_file")" "$ROOT/bench/ExportThroughput.java" \
    "jdbc:postgresql://127.0.0.1:5432/$DB" "$DB"
rm -f "$cp_file"
