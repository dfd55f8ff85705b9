#!/usr/bin/env python3
"""End-to-end latency of the request lifecycle on a running platform (deploy/local/platform up).

Submits N CREATE_INDEX requests on routing.stops (each a uniquely named index, built for real), one after another,
and reports how long each took from acceptance to APPROVED (policy hop) and to SUCCEEDED (policy + worker), using
the timestamps of the request's own timeline. Drops the indexes it built afterwards.

Usage: bench/request-latency.py [N]        (environment: DBP_HOME, DBP_PORT_OFFSET as for deploy/local/platform)
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOME = os.environ.get("DBP_HOME", os.path.join(ROOT, ".dbp"))
OFFSET = int(os.environ.get("DBP_PORT_OFFSET", "0"))
API = f"http://127.0.0.1:{8080 + OFFSET}/api/v1"
TOKEN = next(line.split("=", 1)[1].split()[0] for line in open(os.path.join(HOME, "data", "demo-tokens.env"))
             if line.startswith("DBP_TOKEN_ALICE="))


def call(method, path, body=None):
    request = urllib.request.Request(API + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def at(line):
    return datetime.fromisoformat(line["at"].replace("Z", "+00:00")).timestamp()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


run = str(int(time.time()))
to_approved, to_succeeded, names = [], [], []
for i in range(N):
    name = f"bench_{run}_{i}"
    names.append(name)
    submitted = call("POST", "/requests", {"type": "CREATE_INDEX", "target": {"database": "logicore", "schema": "routing"},
                                           "payload": {"table": "stops", "columns": ["seq"], "name": name}})
    deadline = time.time() + 60
    while True:
        request = call("GET", "/requests/" + submitted["id"])
        if request["state"] in ("SUCCEEDED", "FAILED", "REJECTED"):
            break
        if time.time() > deadline:
            sys.exit(f"request {submitted['id']} stuck in {request['state']}")
        time.sleep(0.02)
    applied = {line["to"]: at(line) for line in request["timeline"] if line["kind"] == "APPLIED"}
    to_approved.append((applied["APPROVED"] - applied["SUBMITTED"]) * 1000)
    to_succeeded.append((applied[request["state"]] - applied["SUBMITTED"]) * 1000)

for label, values in (("accepted -> APPROVED ", to_approved), ("accepted -> SUCCEEDED", to_succeeded)):
    print(f"{label}: n={len(values)} p50={percentile(values, 50):.0f} ms p95={percentile(values, 95):.0f} ms "
          f"max={max(values):.0f} ms mean={statistics.mean(values):.0f} ms")

target_db = "logicore" + os.environ.get("DBP_DB_SUFFIX", "")
drops = "".join(f'DROP INDEX IF EXISTS routing."{n}";' for n in names)
subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", target_db, "-qc", drops], check=True)
