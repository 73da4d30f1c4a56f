#!/usr/bin/env bash
# The benchmark harness in one command (see bench/README.md):
#   bench/run.sh            full mode, about 10 minutes on 2 cores
#   bench/run.sh --quick    under 2 minutes (what CI runs through BenchQuickIT)
#   bench/run.sh --users 1000000 --jfr ...
# Builds the service jars only when missing, then runs com.bowwow.bench.harness.BenchMain.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

# 10k WebSockets through the gateway need ~20k descriptors in the gateway alone (client and upstream side);
# the services inherit the limit from this shell through devstack.
want=65536
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
  ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
echo "open files limit: $(ulimit -n)"

# Test PostgreSQL/Redis (test-support): the machine's servers when these are set, else embedded ones.
export BOWWOW_TEST_POSTGRES_URL="${BOWWOW_TEST_POSTGRES_URL:-}"
export BOWWOW_TEST_REDIS_URL="${BOWWOW_TEST_REDIS_URL:-}"
[ -z "$BOWWOW_TEST_POSTGRES_URL" ] && unset BOWWOW_TEST_POSTGRES_URL
[ -z "$BOWWOW_TEST_REDIS_URL" ] && unset BOWWOW_TEST_REDIS_URL

# Maven offline when the local repository already holds what a step needs (fast, no network), otherwise
# online exactly like the README's own commands. Each step is tried, not guessed from one directory: a cache
# can hold the bench's dependencies but miss a plugin (failsafe, exec) that only another build fetched.
maven() {
  local log
  log="$(mktemp)"
  if ./mvnw -B -o "$@" >"$log" 2>&1; then
    cat "$log"
    rm -f "$log"
    return 0
  fi
  echo "Offline Maven was not enough ($(grep -m1 '\[ERROR\]' "$log" | cut -c1-160)); retrying online"
  rm -f "$log"
  ./mvnw -B "$@"
}

missing=""
for service in gateway user-service location-service signal-service push-service analytics-service; do
  [ -f "$service/target/$service.jar" ] || missing=yes
done
if [ -n "$missing" ]; then
  echo "Building the service jars (./mvnw -B -DskipTests install)"
  maven -q -DskipTests install
fi
maven -q -DskipTests install -pl bench
# The run itself streams its progress, so it is not retried: offline only when the exec plugin is already here.
offline=""
./mvnw -B -o -q exec:help -pl bench >/dev/null 2>&1 && offline="-o"
# The harness stamps each arrival when it reads it, so its own pauses count as lateness: with the Parallel
# collector, young collections of 0.3-0.7 s (10,000 clients' state surviving) fell inside 10,000-receiver waves.
# ZGC pauses for well under a millisecond; its concurrent work shows in the harness's CPU column.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Xmx1g -XX:+UseZGC"
exec ./mvnw -B $offline -q exec:java -pl bench -Dexec.args="$*"
