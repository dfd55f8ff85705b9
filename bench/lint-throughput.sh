#!/usr/bin/env bash
# Static-analysis throughput of the migration linter (statements per second, one thread). Needs a build
# (mvn -B -DskipTests install). Usage: bench/lint-throughput.sh [seconds]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp dependency:build-classpath -pl approval-service -Dmdep.outputFile="$cp_file" >/dev/null)
java -cp "$ROOT/approval-service/target/classes:$(cat "$cp_file")" "$ROOT/bench/LintThroughput.java" "${1:-5}"
rm -f "$cp_file"
