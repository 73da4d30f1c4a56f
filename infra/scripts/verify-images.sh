#!/usr/bin/env bash
# Builds every service image with Jib (the root pom's configuration, with only the base image swapped for a local
# stand-in of eclipse-temurin:25-jre, see build-local-base-image.sh), then runs each image for real with podman on
# the host network against the host's PostgreSQL (127.0.0.1:5432, user postgres, trust auth) and Redis
# (127.0.0.1:6379), and checks that:
#   - the image runs as the non-root user, exposes the service port and carries the git SHA label;
#   - GET /health answers 200 within the deadline;
#   - the ECS container health check command from infra/ecs/<service>.json succeeds inside the container;
#   - the container stops cleanly on SIGTERM within the ECS stopTimeout.
# It prints a table: image size, start-up time, RSS after start, stop time.
#
#   infra/scripts/verify-images.sh [--skip-build] [--network host|private] [service...]   (default: all six)
#
# --network host (the default when ports 8000-8005/9000-9005 are free) runs each container in the host's network,
# as the brief for this check asks; --network private (chosen automatically when something else, e.g. devstack,
# holds those ports) gives each container its own network namespace (slirp4netns, host loopback reachable as
# 10.0.2.2) and publishes its port on 127.0.0.1:2xxxx.
# Needs: podman (Debian: apt-get install podman), jq, curl, psql; JAVA_HOME a JDK 25.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
ALL=(user-service location-service signal-service push-service analytics-service gateway)
SKIP_BUILD=0
NETWORK=auto
SERVICES=()
while [[ $# -gt 0 ]]; do
	case "$1" in
		--skip-build) SKIP_BUILD=1 ;;
		--network) NETWORK="${2:?--network host|private}"; shift ;;
		-h|--help) sed -n '2,22p' "$0"; exit 0 ;;
		*) SERVICES+=("$1") ;;
	esac
	shift
done
[[ ${#SERVICES[@]} -gt 0 ]] || SERVICES=("${ALL[@]}")

log() { printf '%s %s\n' "$(date -u +%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in podman jq curl psql; do command -v "$tool" >/dev/null || die "$tool is required"; done

port_of() { sed -n 's:.*<service.port>\([0-9]*\)</service.port>.*:\1:p' "$REPO_ROOT/$1/pom.xml"; }
SHA="$(git rev-parse --verify HEAD 2>/dev/null || echo local)"
WORK="$(mktemp -d)"
DB="bowwow_image_check"
STARTED=()
cleanup() {
	local name
	for name in "${STARTED[@]}"; do podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# podman in this kind of machine: runc, cgroupfs, no systemd, and rlimits at or below the host's hard limits
export CONTAINERS_CONF="$WORK/containers.conf"
cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 )):$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))", "nproc=8192:8192"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" == 0 ]]; then
	BASE="$REPO_ROOT/infra/target/base-image/bowwow-base.tar"
	"$REPO_ROOT/infra/scripts/build-local-base-image.sh" "$BASE" >&2
	modules="$(IFS=,; echo "${SERVICES[*]}")"
	log "building images of $modules at $SHA"
	start=$SECONDS
	./mvnw -B -q -pl "$modules" -am -DskipTests package jib:buildTar "-Djib.from.image=tar://$BASE" \
		"-Dgit.sha=$SHA" >&2
	log "images built in $(( SECONDS - start )) s"
fi

# ---------------------------------------------------------------- database: one role and schema per service
psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
	-c "CREATE DATABASE $DB" >&2
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q -f infra/sql/service-schemas.sql 2>&1 \
	| grep -v NOTICE >&2 || true

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ "$NETWORK" == auto ]]; then
	NETWORK=host
	for service in "${SERVICES[@]}"; do
		p="$(port_of "$service")"
		if port_busy "$p" || port_busy $(( p + 1000 )); then NETWORK=private; fi
	done
	[[ "$NETWORK" == host ]] || log "service ports are in use on this machine: running in private network namespaces"
fi
if [[ "$NETWORK" == host ]]; then HOST_IP=127.0.0.1; else HOST_IP=10.0.2.2; fi

env_for() {
	local service="$1" user="${1//-/_}"
	local -a env=(-e LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs -e "REDIS_HOST=$HOST_IP" -e REDIS_PORT=6379)
	if [[ "$service" != gateway ]]; then
		env+=(-e "DATABASE_URL=jdbc:postgresql://$HOST_IP:5432/$DB" -e "DATABASE_USERNAME=$user")
	fi
	local name
	for name in $(jq -r '.containerDefinitions[0].environment[].name' "infra/ecs/$service.json" | grep '_SERVICE_URL$'); do
		local target
		target="$(tr 'A-Z_' 'a-z-' <<<"${name%_URL}")"
		local target_port
		target_port="$(port_of "$target")"
		[[ "$NETWORK" == host ]] || target_port=$(( target_port + 20000 ))
		env+=(-e "$name=http://$HOST_IP:$target_port")
	done
	printf '%s\n' "${env[@]}"
}

# ---------------------------------------------------------------- run
RESULTS=()
FAILED=0
for service in "${SERVICES[@]}"; do
	port="$(port_of "$service")"
	tar="$service/target/jib-image.tar"
	[[ -f "$tar" ]] || die "$tar missing (build without --skip-build)"
	if [[ "$NETWORK" == host ]]; then
		for p in "$port" $(( port + 1000 )); do
			port_busy "$p" && die "port $p is in use: stop whatever runs there or use --network private"
		done
		network=(--network host)
		probe_port="$port"
	else
		probe_port=$(( port + 20000 ))
		network=(--network slirp4netns:allow_host_loopback=true -p "127.0.0.1:$probe_port:$port")
	fi
	image="$(podman load -q -i "$tar" | sed -n 's/^Loaded image[^:]*: *//p' | head -n 1)"
	image="${image#localhost/}"
	[[ "$image" == "bowwow/$service:"* ]] || die "$tar holds '$image', expected bowwow/$service:<sha>"
	expected_revision="${image##*:}"
	[[ "$SKIP_BUILD" == 1 || "$expected_revision" == "$SHA" ]] || die "$tar is tagged $expected_revision, built $SHA"
	size_mb="$(( $(podman image inspect --format '{{.Size}}' "$image") / 1024 / 1024 ))"
	user="$(podman image inspect --format '{{.Config.User}}' "$image")"
	revision="$(podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$image")"
	exposed="$(podman image inspect --format '{{json .Config.ExposedPorts}}' "$image")"
	problems=""
	[[ "$user" == 65532:65532 ]] || problems+=" user=$user"
	[[ "$revision" == "$expected_revision" ]] || problems+=" revision=$revision"
	[[ "$exposed" == *"\"$port/tcp\""* ]] || problems+=" ports=$exposed"

	name="bowwow-verify-$service"
	podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
	mapfile -t env < <(env_for "$service")
	memory=(--memory 512m)
	podman run -d --name "$name" "${network[@]}" "${memory[@]}" "${env[@]}" "$image" >/dev/null 2>"$WORK/run.err" \
		|| { log "$service: no memory limit possible here ($(head -c 200 "$WORK/run.err"))"; memory=()
			podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
			podman run -d --name "$name" "${network[@]}" "${env[@]}" "$image" >/dev/null; }
	STARTED+=("$name")
	started=$SECONDS
	status=000
	deadline=$(( SECONDS + 150 ))
	while (( SECONDS < deadline )); do
		status="$(curl -s -o "$WORK/health.json" -w '%{http_code}' "http://127.0.0.1:$probe_port/health" || true)"
		[[ "$status" == 200 ]] && break
		podman container exists "$name" || break
		sleep 1 # poll interval, bounded by the deadline above
	done
	startup=$(( SECONDS - started ))
	[[ "$status" == 200 ]] || { problems+=" health=$status"; podman logs --tail 40 "$name" >&2 || true; }

	# the ECS health check, run exactly as ECS would, inside the container
	mapfile -t check < <(jq -r '.containerDefinitions[0].healthCheck.command[1:][]' "infra/ecs/$service.json")
	if podman exec "$name" "${check[@]}"; then ecs_check=ok; else ecs_check=FAIL; problems+=" ecs-health-check"; fi

	# the root pom's JVM flags reach the JVM (the launcher announces JDK_JAVA_OPTIONS), and size the heap from the
	# container's memory limit
	podman logs "$name" 2>&1 | grep -q 'Picked up JDK_JAVA_OPTIONS: .*-XX:MaxRAMPercentage=' || problems+=" jvm-flags"
	heap_mb="$(podman exec "$name" java -XX:+PrintFlagsFinal -version 2>/dev/null \
		| awk '$2 == "MaxHeapSize" { print int($4 / 1024 / 1024) }')"
	pid="$(podman inspect --format '{{.State.Pid}}' "$name" 2>/dev/null || echo 0)"
	rss_mb="$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status" 2>/dev/null || echo '?')"
	RESULTS+=("$service|$size_mb|$startup|$status|$ecs_check|$rss_mb|$heap_mb|${memory[*]:-none}|${problems:- }")
	[[ -z "$problems" ]] || FAILED=1
	log "$service: health $status after ${startup}s, RSS ${rss_mb} MiB${problems:+, problems:$problems}"
	[[ -s "$WORK/health.json" ]] && log "$service: $(head -c 300 "$WORK/health.json")"
done

# ---------------------------------------------------------------- stop (SIGTERM, as ECS does; stopTimeout is 30 s)
STOPS=()
for service in "${SERVICES[@]}"; do
	name="bowwow-verify-$service"
	start=$SECONDS
	podman stop -t 30 "$name" >/dev/null 2>&1 || true
	STOPS+=("$service:$(( SECONDS - start ))s")
done

printf '\nnetwork: %s\n%-18s %8s %8s %7s %9s %8s %9s %13s %s\n' "$NETWORK" service image-MB start-s health ecs-check RSS-MiB heap-max limit problems
for row in "${RESULTS[@]}"; do
	IFS='|' read -r s size start health check rss heap limit problems <<<"$row"
	printf '%-18s %8s %8s %7s %9s %8s %9s %13s %s\n' "$s" "$size" "$start" "$health" "$check" "$rss" "$heap" "$limit" "$problems"
done
printf 'stop times (SIGTERM to exit): %s\n' "${STOPS[*]}"
exit "$FAILED"
