#!/usr/bin/env bash
# SSE fan-out of monitoring-service: events/s delivered to N concurrent /api/v1/stream clients, and the latency a job
# status event takes from its creation to a client.
#
#   bench/sse-fanout.sh                               starts its own Kafka broker, Mongo wire server and
#                                                     monitoring-service (built jar) on free ports, stops them after
#                                                     (MONGO_BACKEND=memory: the in-memory wire server instead of
#                                                     the file-backed one deploy/local uses)
#   MONITORING_URL=http://127.0.0.1:8084 OPS_TOKEN=... KAFKA=127.0.0.1:9092 bench/sse-fanout.sh
#                                                     against a running platform (deploy/local/platform up)
# Optional args: [clients=50] [burst events=2000] [steady rate/s=50] [steady seconds=20]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
M2=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
cp_file=$(mktemp)
(cd "$ROOT" && mvn -B -q -ntp $M2 dependency:build-classpath -pl monitoring-service -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null)
CP=$(cat "$cp_file"); rm -f "$cp_file"
pids=()
work=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n $work ]] && rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
if [[ -z ${MONITORING_URL:-} ]]; then
  jar=$ROOT/monitoring-service/target/quarkus-app/quarkus-run.jar
  [[ -f $jar ]] || { echo "build monitoring-service first (mvn -pl monitoring-service package)" >&2; exit 1; }
  work=$(mktemp -d)
  kport=$(free_port); cport=$(free_port); mport=$(free_port); hport=$(free_port)
  java -Xmx512m -cp "$CP" com.logicore.dbp.testkit.kafka.KafkaBrokerLauncher "$work/kafka" "$kport" "$cport" \
    >"$work/kafka.log" 2>&1 & pids+=($!)
  if [[ ${MONGO_BACKEND:-file} == memory ]]; then
    java -Xmx512m -cp "$CP" "$ROOT/bench/MongoInMemory.java" "$mport" >"$work/mongo.log" 2>&1 & pids+=($!)
  else
    java -Xmx256m -cp "$CP" com.logicore.dbp.testkit.mongo.MongoServerLauncher "$work/mongo.db" "$mport" \
      >"$work/mongo.log" 2>&1 & pids+=($!)
  fi
  for _ in $(seq 1 120); do grep -q "ready" "$work/kafka.log" 2>/dev/null && break; sleep 0.5; done
  OPS_TOKEN=bench-ops-token
  QUARKUS_HTTP_PORT=$hport KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$kport \
  QUARKUS_MONGODB_CONNECTION_STRING=mongodb://127.0.0.1:$mport QUARKUS_MONGODB_DATABASE=dbp_monitoring_bench \
  DBP_MONITORING_OPS_TOKEN=$OPS_TOKEN DBP_MONITORING_PROBES_EVERY=off DBP_REDIS_KEY_PREFIX=bench-sse: \
  QUARKUS_DATASOURCE_TARGET_REACTIVE_URL=postgresql://127.0.0.1:5432/postgres \
    java -Xmx384m -jar "$jar" >"$work/monitoring.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$hport/q/health/live" >/dev/null && break; sleep 0.5; done
  MONITORING_URL=http://127.0.0.1:$hport
  KAFKA=127.0.0.1:$kport
  echo "started kafka :$kport, mongo :$mport, monitoring-service :$hport"
fi
java -cp "$CP" "$ROOT/bench/SseFanout.java" "$MONITORING_URL" "$OPS_TOKEN" "$KAFKA" "$@"
