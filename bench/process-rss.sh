#!/usr/bin/env bash
# Resident memory of each process the local platform runs (from its pid files).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PID_DIR=${DBP_HOME:-$ROOT/.dbp}/run/pids
total=0
for f in "$PID_DIR"/*.pid; do
  pid=$(cat "$f"); name=$(basename "$f" .pid)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  total=$((total + rss))
  printf '%-20s %6d MB\n' "$name" $((rss / 1024))
done
printf '%-20s %6d MB\n' total $((total / 1024))
