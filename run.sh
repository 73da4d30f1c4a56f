#!/usr/bin/env bash
# Runs the whole BowWow stack on this machine: builds the services, then starts all six
# against embedded PostgreSQL and Redis (or DATABASE_URL / REDIS_URL when set). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
	export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
echo "Building services (./mvnw -DskipTests package)…"
./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true package -pl gateway,user-service,location-service,signal-service,push-service,analytics-service,devstack -am
# The launcher runs in a session of its own, so Ctrl-C reaches only the launcher (as
# SIGTERM, below) and not every child at once: it then stops the services before the
# embedded PostgreSQL and Redis they are still using while they drain.
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if command -v setsid >/dev/null 2>&1; then
	setsid "$java" -Dbowwow.root=. -jar devstack/target/devstack-exec.jar "$@" &
	launcher=$!
	trap 'kill -TERM "$launcher" 2>/dev/null || true' INT TERM
	status=0
	# A trapped signal interrupts wait: keep waiting while the launcher stops in order.
	while kill -0 "$launcher" 2>/dev/null; do
		wait "$launcher" || status=$?
	done
	exit "$status"
fi
exec "$java" -Dbowwow.root=. -jar devstack/target/devstack-exec.jar "$@"
