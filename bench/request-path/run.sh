#!/usr/bin/env bash
# The request path, warmed and closed-loop: location updates with wrk through the gateway and straight to
# location-service, then registrations through the gateway, and the CPU every process of the stack spent per
# request (from /proc). Needs a running stack
# with its rate limits lifted (see README.md beside this script), wrk, curl and python3.
#
#   bench/request-path/run.sh [GATEWAY_URL] [LOCATION_URL] [SECONDS]
#
# BOWWOW_RP_GATEWAY_WINDOWS=n measures the window through the gateway n times in a row (default 1): the spread of
# one warmed stack, which a single window right after a start does not show. BOWWOW_RP_NEW_TOKENS=n adds a window of
# updates that each bring a token the stack has not seen (n of them, after a warm-up with n others).
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

for _ in $(seq 1 "${BOWWOW_RP_GATEWAY_WINDOWS:-1}"); do
	measure "location updates through $gateway" 16 update.lua "$gateway"
done
measure "location updates straight to $location" 16 update.lua "$location"

# A token's first request (after a deploy or a scale-out every phone's token is new to a task): each update with a
# token the stack has not seen, through the gateway. BOWWOW_RP_NEW_TOKENS=n mints n tokens for a warm-up and n for
# the window. The window is BOWWOW_RP_NEW_TOKEN_SECONDS long (default 5), short enough that they last: a thread
# that runs out stops, and the idle rest of the window would count in the CPU per update.
new_tokens="${BOWWOW_RP_NEW_TOKENS:-0}"
if [ "$new_tokens" -gt 0 ]; then
	echo
	echo "Minting $((2 * new_tokens)) access tokens through $gateway"
	python3 "$here/tokens.py" "$gateway" "$((2 * new_tokens))" >"$work/tokens.txt"
	head -n "$new_tokens" "$work/tokens.txt" >"$work/warm-tokens.txt"
	tail -n "$new_tokens" "$work/tokens.txt" >"$work/window-tokens.txt"
	BOWWOW_WRK_TOKENS="$work/warm-tokens.txt" wrk -t4 -c16 -d"${seconds}s" -s "$here/new-tokens.lua" "$gateway" >/dev/null
	BOWWOW_WRK_TOKENS="$work/window-tokens.txt" seconds="${BOWWOW_RP_NEW_TOKEN_SECONDS:-5}" measure \
		"location updates through $gateway, each with a new token" 16 new-tokens.lua "$gateway"
	if [ "$requests" -ge "$new_tokens" ]; then
		echo "  (the tokens ran out before the window ended: mint more, or shorten BOWWOW_RP_NEW_TOKEN_SECONDS)"
	fi
fi

# The edge's floor: the same updates through a bare Reactor Netty proxy (bench's BareEdge: the gateway's server and
# client, no routes, filters, security or metrics) with the services' heap and collector. What the gateway costs
# above this line is ours and the frameworks'; below it is any JVM proxy on this machine.
root="$(cd "$here/../.." && pwd)"
bare_port="${BOWWOW_BARE_EDGE_PORT:-8009}"
echo
echo "Starting the edge's floor (bench's BareEdge) on :$bare_port"
(cd "$root" && { ./mvnw -B -o -q compile dependency:build-classpath -pl bench -am -Dmdep.outputFile="$work/bench.cp" \
	>"$work/build.log" 2>&1 || ./mvnw -B -q compile dependency:build-classpath -pl bench -am -Dmdep.outputFile="$work/bench.cp" \
	>"$work/build.log" 2>&1; } || { cat "$work/build.log" >&2; exit 1; })
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The services' own flags, as devstack starts them (the root pom's bowwow.jvm.flags, filtered into devstack's build),
# in a 512 MiB budget as devstack gives each service.
read -r -a flags <<<"$(sed -n 's/^jvm\.flags=//p' "$root/devstack/target/classes/devstack.properties")"
"$java" -XX:MaxRAM=512m "${flags[@]}" --enable-native-access=ALL-UNNAMED \
	-cp "$root/bench/target/classes:$(cat "$work/bench.cp")" com.bowwow.bench.ceiling.BareEdge "$bare_port" "$location" \
	>"$work/bare-edge.log" 2>&1 &
bare_edge=$!
trap 'kill "$bare_edge" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
	curl -sf -o /dev/null "http://localhost:$bare_port/health" && break
	sleep 0.5
done
wrk -t4 -c16 -d40s -s "$here/update.lua" "http://localhost:$bare_port" >/dev/null
measure "location updates through the bare edge :$bare_port (the floor of a JVM proxy here)" 16 update.lua \
	"http://localhost:$bare_port"
kill "$bare_edge"
wait "$bare_edge" 2>/dev/null || true

echo
echo "Warming up registrations: 30 s"
wrk -t4 -c8 -d30s -s "$here/register.lua" "$gateway" >/dev/null
measure "registrations through $gateway" 8 register.lua "$gateway"
