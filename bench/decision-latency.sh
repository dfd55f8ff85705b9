#!/usr/bin/env bash
# Policy decision latency for a SCHEMA_CHANGE, without and with the dry run. The dry run needs the demo target
# database (deploy/local/platform up creates it). Usage: bench/decision-latency.sh [jdbc-url]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp dependency:build-classpath -pl approval-service -Dmdep.outputFile="$cp_file" >/dev/null)
java -cp "$ROOT/approval-service/target/classes:$(cat "$cp_file")" "$ROOT/bench/DecisionLatency.java" "$@"
rm -f "$cp_file"
