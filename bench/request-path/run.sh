#!/usr/bin/env bash
# The location update's request path, warmed and closed-loop: wrk through the gateway and straight to
# location-service, and the CPU every process of the stack spent per request (from /proc). Needs a running stack
# with its rate limits lifted (see README.md beside this script), wrk, curl and python3.
#
#   bench/request-path/run.sh [GATEWAY_URL] [LOCATION_URL] [SECONDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway="${1:-http://localhost:8000}"
location="${2:-http://localhost:8002}"
seconds="${3:-30}"
for tool in wrk curl python3; do
	command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Registering 40 users through $gateway"
for _ in $(seq 1 40); do
	device="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	curl -sf -X POST "$gateway/api/v1/users/register" -H 'Content-Type: application/json' \
		-d "{\"deviceToken\":\"$device\"}" |
		python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["userID"], d["accessToken"])' >>"$work/users.txt"
done
export BOWWOW_WRK_USERS="$work/users.txt"

echo "Warming up: 40 s through the gateway, 15 s direct"
wrk -t4 -c16 -d40s -s "$here/update.lua" "$gateway" >/dev/null
wrk -t4 -c16 -d15s -s "$here/update.lua" "$location" >/dev/null

for target in "$gateway" "$location"; do
	python3 "$here/cpu.py" snap >"$work/before.json"
	wrk -t4 -c16 -d"${seconds}s" --latency -s "$here/update.lua" "$target" >"$work/wrk.txt"
	python3 "$here/cpu.py" snap >"$work/after.json"
	requests="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
	echo
	echo "== location updates to $target, 16 connections, ${seconds} s"
	grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' "$work/wrk.txt" | sed 's/^ */  /'
	python3 "$here/cpu.py" diff "$work/before.json" "$work/after.json" "$requests"
done
