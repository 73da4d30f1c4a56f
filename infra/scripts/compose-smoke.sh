#!/usr/bin/env bash
# Drives the repository's docker-compose.yml, unchanged, with docker-compose against podman's Docker-compatible
# socket (no Docker engine), and waits until all eight containers report healthy and the gateway answers /health.
#
# No registry is reachable here, so postgres:15.15-bookworm and redis:7.4.6-bookworm are stand-ins built from this
# machine's PostgreSQL 15 and Redis 7 binaries, honouring what the compose file relies on (POSTGRES_DB,
# POSTGRES_HOST_AUTH_METHOD, /docker-entrypoint-initdb.d/*.sql, pg_isready; redis-server args, redis-cli). The six
# service images are the Jib tars from verify-images.sh (run that first). The secrets the compose file requires are
# made fresh, as its README section says (devstack's --compose-env), into a private env file; push-service has no
# Apple credentials here, so the stack runs with BOWWOW_ENVIRONMENT=local (push in log mode, the secrets still required).
#
#   infra/scripts/compose-smoke.sh
# Needs: podman, docker-compose (Debian packages), ports 127.0.0.1:8000-8005 and 8012 (location-service's stream
# port) free for compose to publish.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
log() { printf '%s %s\n' "$(date -u +%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
for tool in podman docker-compose; do command -v "$tool" >/dev/null || die "$tool is required"; done
for port in 8000 8001 8002 8003 8004 8005 8012; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		die "127.0.0.1:$port is in use (compose publishes it): stop the host's service / devstack first"
	fi
done

WORK="$(mktemp -d)"
PROJECT=bowwowsmoke
SERVICE_PID=""
export CONTAINERS_CONF="$WORK/containers.conf"
cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 )):$(( $(ulimit -Hn) < 65536 ? $(ulimit -Hn) : 65536 ))", "nproc=8192:8192"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export DOCKER_HOST="unix://$WORK/podman.sock"
cleanup() {
	if [[ -n "$SERVICE_PID" ]]; then
		compose -p "$PROJECT" down -v -t 30 >/dev/null 2>&1 || true
		kill "$SERVICE_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
compose() { docker-compose --env-file "$WORK/compose.env" "$@"; }

# ---------------------------------------------------------------- the secrets compose requires (never .env here)
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ -f devstack/target/devstack-exec.jar ]] || ./mvnw -B -q -DskipTests package -pl devstack -am >&2
"$JAVA" -jar devstack/target/devstack-exec.jar --compose-env > "$WORK/compose.env"
echo BOWWOW_ENVIRONMENT=local >> "$WORK/compose.env"
chmod 600 "$WORK/compose.env"

# ---------------------------------------------------------------- stand-in images from host binaries
copy_with_libs() { # copy_with_libs ROOT FILE...
	local root="$1" file lib; shift
	for file in "$@"; do
		mkdir -p "$root$(dirname "$file")"; cp -L "$file" "$root$file"
		for lib in $(ldd "$file" 2>/dev/null | grep -oE '/[^ ]+ \(0x' | sed 's/ (0x//'); do
			[[ -e "$root$lib" ]] || { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
		done
	done
}
base_rootfs() { # base_rootfs ROOT UID NAME
	mkdir -p "$1"/{bin,etc,tmp,data,var/run} && chmod 1777 "$1/tmp"
	copy_with_libs "$1" /bin/bash
	ln -sf bash "$1/bin/sh"
	printf 'root:x:0:0::/root:/bin/bash\n%s:x:%s:%s::/data:/bin/bash\n' "$3" "$2" "$2" > "$1/etc/passwd"
	printf 'root:x:0:\n%s:x:%s:\n' "$3" "$2" > "$1/etc/group"
}

PG=/usr/lib/postgresql/15
ROOT="$WORK/postgres"
base_rootfs "$ROOT" 999 postgres
copy_with_libs "$ROOT" "$PG/bin/postgres" "$PG/bin/initdb" "$PG/bin/pg_ctl" "$PG/bin/psql" "$PG/bin/pg_isready"
ln -s "$PG/bin/pg_isready" "$ROOT/bin/pg_isready"
mkdir -p "$ROOT/usr/share/postgresql" "$ROOT/usr/share" "$ROOT/var/lib/postgresql/data" \
	"$ROOT/var/run/postgresql" "$ROOT/docker-entrypoint-initdb.d" "$ROOT$PG/lib"
cp -r /usr/share/postgresql/15 "$ROOT/usr/share/postgresql/15"
cp -r /usr/share/zoneinfo "$ROOT/usr/share/zoneinfo"
cp -L "$PG"/lib/*.so "$ROOT$PG/lib/" 2>/dev/null || true
chown -R 999:999 "$ROOT/var/lib/postgresql" "$ROOT/var/run/postgresql"
chmod 700 "$ROOT/var/lib/postgresql/data"
cat > "$ROOT/entrypoint.sh" <<ENTRY
#!/bin/bash
# stand-in for the official image's entrypoint (the parts docker-compose.yml uses)
set -e
export PATH=$PG/bin:/bin PGDATA=/var/lib/postgresql/data
if [[ ! -s "\$PGDATA/PG_VERSION" ]]; then
	initdb -U postgres --auth=trust --locale=C --encoding=UTF8 >/dev/null
	echo "host all all all \${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "\$PGDATA/pg_hba.conf"
	pg_ctl -o "-c listen_addresses=''" -w start >/dev/null
	psql -v ON_ERROR_STOP=1 -U postgres -c "CREATE DATABASE \${POSTGRES_DB:-postgres}" >/dev/null
	for f in /docker-entrypoint-initdb.d/*.sql; do
		[[ -e "\$f" ]] && psql -v ON_ERROR_STOP=1 -U postgres -d "\${POSTGRES_DB:-postgres}" -f "\$f"
	done
	pg_ctl -m fast -w stop >/dev/null
fi
exec postgres -c listen_addresses='*'
ENTRY
chmod 755 "$ROOT/entrypoint.sh"
tar --numeric-owner -C "$ROOT" -cf "$WORK/postgres.tar" .
podman import -q --change 'ENTRYPOINT ["/entrypoint.sh"]' --change 'USER 999:999' \
	--change 'ENV PATH=/usr/lib/postgresql/15/bin:/bin' --change 'EXPOSE 5432' \
	--change 'LABEL org.opencontainers.image.description="stand-in built from the host PostgreSQL 15"' \
	"$WORK/postgres.tar" docker.io/library/postgres:15.15-bookworm >/dev/null

ROOT="$WORK/redis"
base_rootfs "$ROOT" 999 redis
copy_with_libs "$ROOT" "$(command -v redis-server)" "$(command -v redis-cli)"
mkdir -p "$ROOT/usr/local/bin"
ln -s "$(command -v redis-server)" "$ROOT/usr/local/bin/redis-server"
ln -s "$(command -v redis-cli)" "$ROOT/usr/local/bin/redis-cli"
chown 999:999 "$ROOT/data"
# the official image builds Redis with protected mode off (its network is the container's); the Debian binary has
# it on, which refuses every client from another container
printf '#!/bin/bash\nif [[ "$1" == redis-server ]]; then exec "$@" --protected-mode no; fi\nexec "$@"\n' > "$ROOT/entrypoint.sh"
chmod 755 "$ROOT/entrypoint.sh"
tar --numeric-owner -C "$ROOT" -cf "$WORK/redis.tar" .
podman import -q --change 'USER 999:999' --change 'WORKDIR /data' --change 'EXPOSE 6379' \
	--change 'ENTRYPOINT ["/entrypoint.sh"]' --change 'CMD ["redis-server"]' \
	--change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
	--change 'LABEL org.opencontainers.image.description="stand-in built from the host Redis 7"' \
	"$WORK/redis.tar" docker.io/library/redis:7.4.6-bookworm >/dev/null
log "stand-in postgres and redis images ready"

# ---------------------------------------------------------------- service images (Jib tars)
TAG=""
for service in user-service location-service signal-service push-service analytics-service gateway; do
	[[ -f "$service/target/jib-image.tar" ]] || die "$service/target/jib-image.tar missing: run verify-images.sh"
	image="$(podman load -q -i "$service/target/jib-image.tar" | sed -n 's/^Loaded image[^:]*: *//p' | head -n 1)"
	TAG="${image##*:}"
	podman tag "$image" "docker.io/bowwow/$service:$TAG"
done
export BOWWOW_IMAGE_TAG="$TAG"

# ---------------------------------------------------------------- compose against podman's socket
podman system service --time=0 "$DOCKER_HOST" > "$WORK/podman-service.log" 2>&1 &
SERVICE_PID=$!
deadline=$(( SECONDS + 20 ))
until [[ -S "$WORK/podman.sock" ]]; do (( SECONDS < deadline )) || die "podman socket did not appear"; sleep 0.2; done
log "docker-compose $(docker-compose version --short) -> podman $(podman version --format '{{.Server.Version}}') at $DOCKER_HOST"
compose config -q
start=$SECONDS
# `up` creates each container only once what it depends on is healthy, so it runs in the background while the
# loop below acts as the health-check scheduler: podman schedules health checks with systemd timers, and this
# machine has no systemd, so each container's own compose health check is triggered here (podman healthcheck run)
compose -p "$PROJECT" up -d > "$WORK/up.log" 2>&1 &
UP_PID=$!

deadline=$(( SECONDS + ${SMOKE_DEADLINE:-300} ))
while :; do
	for name in $(podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'); do
		podman healthcheck run "$name" >/dev/null 2>&1 || true
	done
	states="$(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" \
		--format '{{.Names}} {{.Status}}' | sort)"
	healthy="$(grep -c '(healthy)' <<<"$states" || true)"
	[[ "$healthy" == 8 ]] && break
	if (( SECONDS > deadline )); then
		printf '%s\n' "$states" >&2
		for name in $(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'); do
			log "--- $name: $(podman inspect --format '{{json .State.Health}}' "$name" | head -c 600)"
			podman logs --tail 5 "$name" >&2 || true
		done
		cat "$WORK/up.log" >&2
		user="$(podman ps --filter "label=com.docker.compose.project=$PROJECT" \
			--filter "label=com.docker.compose.service=user-service" --format '{{.Names}}')"
		[[ -z "$user" ]] || podman exec "$user" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8001
			printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3; while IFS= read -r l <&3 || [[ -n $l ]]; do printf "%s\n" "$l"; done' >&2 || true
		die "not all 8 containers healthy after 300 s"
	fi
	sleep 10 # the services' health check interval (compose file): one check per interval, as the scheduler would
done
log "all 8 containers healthy $(( SECONDS - start )) s after 'up'"
wait "$UP_PID" || { cat "$WORK/up.log" >&2; die "docker-compose up failed"; }
tail -n 12 "$WORK/up.log" >&2
printf '%s\n' "$states" >&2
# /health of the gateway from inside its container (bash only: the image has no curl), then through the published port
gateway="$(podman ps --filter "label=com.docker.compose.project=$PROJECT" \
	--filter "label=com.docker.compose.service=gateway" --format '{{.Names}}')"
health="$(podman exec "$gateway" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8000
	printf "GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3; while IFS= read -r line <&3 || [[ -n $line ]]; do printf "%s\n" "$line"; done')"
log "gateway /health (in container): $(tail -n 1 <<<"$health")"
grep -q '"status":"healthy"' <<<"$health" || { podman logs --tail 40 "$gateway" >&2; podman inspect --format '{{json .State}}' "$gateway" >&2; die "gateway not healthy"; }
if published="$(curl -fsS --max-time 5 http://127.0.0.1:8000/health 2>&1)"; then
	log "gateway /health via published 127.0.0.1:8000: $published"
else
	log "published port 127.0.0.1:8000 not reachable from the host here ($published): podman port forwarding, not compose"
fi
for name in $(podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'); do
	limit="$(podman inspect --format '{{.HostConfig.Memory}}' "$name")"
	log "$name memory limit $(( limit / 1024 / 1024 )) MiB"
done
