#!/usr/bin/env bash
# Builds the service images with Jib (configured once in the root pom.xml) and pushes them to ECR, tagged with
# HEAD's git SHA. No Docker engine is needed.
#
#   infra/scripts/build-push-images.sh [--dry-run] [--no-startup-cache] <service>... | all
#
# Each image carries its JDK AOT start-up cache (ECS tasks that scale out start in about half the time): first
# verify-images.sh --production --registry-base builds the images on the real base image, trains each one's cache
# in the image itself and checks that the images start from it; then the push builds the same images again (Jib's
# output is reproducible) with the cache layer. That step needs what verify-images.sh needs on the build machine
# (podman, a PostgreSQL and a Redis on 127.0.0.1). --no-startup-cache pushes images without it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ARGS=()
STARTUP_CACHE=1
for arg in "$@"; do
	case "$arg" in
		--dry-run) DRY_RUN=1 ;;
		--no-startup-cache) STARTUP_CACHE=0 ;;
		-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
		*) ARGS+=("$arg") ;;
	esac
done
SERVICE_LIST="$(services_from_args "${ARGS[@]}")" || exit 1
mapfile -t SERVICES <<<"$SERVICE_LIST"
SHA="$(git_sha)"
[[ "$DRY_RUN" == 1 ]] || require_clean_tree

# The start-up caches, trained for exactly these images (before the registry login: training takes minutes)
cache=()
if [[ "$STARTUP_CACHE" == 1 ]]; then
	train=("$INFRA_DIR/scripts/verify-images.sh" --production --registry-base "${SERVICES[@]}")
	printf 'run>' >&2; printf ' %q' "${train[@]}" >&2; printf '\n' >&2
	[[ "$DRY_RUN" == 1 ]] || "${train[@]}" || die "the images did not pass verify-images.sh: nothing pushed"
	cache=(-Dbowwow.image.startupCache)
fi

account="$(aws_call 000000000000 sts get-caller-identity --query Account --output text)"
REGISTRY="$account.dkr.ecr.$AWS_REGION.amazonaws.com"

# Jib reads registry credentials from $DOCKER_CONFIG/config.json: a private, temporary one keeps the ECR token off
# the command line and out of the operator's own docker config
export DOCKER_CONFIG="$(mktemp -d)"
trap 'rm -rf "$DOCKER_CONFIG"' EXIT
chmod 700 "$DOCKER_CONFIG"
password="$(aws_call dry-run-password ecr get-login-password)"
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REGISTRY" "$(printf 'AWS:%s' "$password" | base64 -w0)" \
	> "$DOCKER_CONFIG/config.json"

modules="$(IFS=,; echo "${SERVICES[*]}")"
cmd=(./mvnw -B -pl "$modules" -am -DskipTests package jib:build "-Dimage.registry=$REGISTRY" "-Dgit.sha=$SHA" "${cache[@]}")
printf 'run>' >&2; printf ' %q' "${cmd[@]}" >&2; printf '\n' >&2
if [[ "$DRY_RUN" != 1 ]]; then
	(cd "$REPO_ROOT" && "${cmd[@]}")
fi
log "pushed ${SERVICES[*]} as $REGISTRY/bowwow/<service>:$SHA"
