#!/usr/bin/env bash
# The request path, warmed and closed-loop: location updates with wrk through the gateway and straight to
# location-service, then registrations through the gateway, and the CPU every process of the stack spent per
# request (from /proc). Needs a running stack
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
export BOWWOW_WRK_USERS="$work/users.txt" BOWWOW_WRK_DIR="$here"

echo "Warming up: 40 s through the gateway, 15 s direct"
wrk -t4 -c16 -d40s -s "$here/update.lua" "$gateway" >/dev/null
wrk -t4 -c16 -d15s -s "$here/update.lua" "$location" >/dev/null

# measure TITLE CONNECTIONS SCRIPT URL: one closed-loop window and the CPU every process spent per request
measure() {
	python3 "$here/cpu.py" snap >"$work/before.json"
	wrk -t"$(($2 < 4 ? $2 : 4))" -c"$2" -d"${seconds}s" --latency -s "$here/$3" "$4" >"$work/wrk.txt"
	python3 "$here/cpu.py" snap >"$work/after.json"
	requests="$(awk '/requests in/ {print $1}' "$work/wrk.txt")"
	echo
	echo "== $1, $2 connections, ${seconds} s"
	grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' "$work/wrk.txt" | sed 's/^ */  /'
	python3 "$here/cpu.py" diff "$work/before.json" "$work/after.json" "$requests"
}

measure "location updates through $gateway" 16 update.lua "$gateway"
measure "location updates straight to $location" 16 update.lua "$location"

echo
echo "Warming up registrations: 30 s"
wrk -t4 -c8 -d30s -s "$here/register.lua" "$gateway" >/dev/null
measure "registrations through $gateway" 8 register.lua "$gateway"
