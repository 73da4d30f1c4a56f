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
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dbowwow.root=. -jar devstack/target/devstack-exec.jar "$@"
