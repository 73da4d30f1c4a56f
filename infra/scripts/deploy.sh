#!/usr/bin/env bash
# Rolls services out to ECS: register a new task definition revision with the image of a git SHA, update the
# service, wait until it is stable on that revision, and roll back to the previous revision otherwise.
#
#   infra/scripts/deploy.sh [--dry-run] [--build] [--image-tag <40-hex git sha>] <service>... | all
#
#   --build       build and push the images of HEAD first (infra/scripts/build-push-images.sh); implies the tag
#   --image-tag   deploy images already in ECR under this tag (default: HEAD's SHA)
#   --register-only  register the new revisions but touch no service (first release, before the stack's
#                 services exist: see infra/README.md)
#   --dry-run     print every AWS call instead of making it (the rendered task definitions are kept and shown)
# Environment: AWS_REGION (us-east-1), STACK_NAME (bowwow-prod), STACK_OUTPUTS_FILE (optional saved outputs).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BUILD=0
REGISTER_ONLY=0
TAG=""
ARGS=()
while [[ $# -gt 0 ]]; do
	case "$1" in
		--dry-run) DRY_RUN=1 ;;
		--build) BUILD=1 ;;
		--register-only) REGISTER_ONLY=1 ;;
		--image-tag) TAG="${2:?--image-tag needs a value}"; shift ;;
		-h|--help) sed -n '2,14p' "$0"; exit 0 ;;
		-*) die "unknown option $1" ;;
		*) ARGS+=("$1") ;;
	esac
	shift
done
export DRY_RUN
SERVICE_LIST="$(services_from_args "${ARGS[@]}")" || exit 1
mapfile -t SERVICES <<<"$SERVICE_LIST"

if [[ "$BUILD" == 1 ]]; then
	[[ -z "$TAG" ]] || die "--build deploys HEAD; do not combine it with --image-tag"
	"$INFRA_DIR/scripts/build-push-images.sh" "${SERVICES[@]}"
fi
TAG="${TAG:-$(git_sha)}"
[[ "$TAG" =~ ^[0-9a-f]{40}$ ]] || die "image tag must be a full git SHA, got '$TAG'"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
stack_outputs "$WORK/outputs.tsv"

deploy_one() {
	local service="$1" family="bowwow-$1" rendered="$WORK/$1.json"
	log "$service: deploying bowwow/$service:$TAG"
	aws_call "$TAG" ecr describe-images --repository-name "bowwow/$service" --image-ids "imageTag=$TAG" \
		--query 'imageDetails[0].imageTags[0]' --output text >/dev/null \
		|| die "$service: bowwow/$service:$TAG is not in ECR (build it with --build from that commit)"

	render_task_definition "$service" "$TAG" "$WORK/outputs.tsv" > "$rendered" || return 1
	if [[ "$DRY_RUN" == 1 ]]; then
		log "$service: rendered task definition:"; cat "$rendered" >&2
		# DRY_RUN_KEEP=<dir> keeps the rendered files (the CI test binds them to the ECS API model)
		if [[ -n "${DRY_RUN_KEEP:-}" ]]; then cp "$rendered" "$DRY_RUN_KEEP/"; fi
	fi

	local previous new
	if [[ "$REGISTER_ONLY" == 1 ]]; then
		new="$(aws_call "arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$family:1" ecs register-task-definition \
			--cli-input-json "file://$rendered" --query 'taskDefinition.taskDefinitionArn' --output text)" || return 1
		log "$service: registered $new (no service updated)"
		return 0
	fi
	previous="$(aws_call "arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$family:1" ecs describe-services \
		--cluster "$CLUSTER" --services "$family" --query 'services[0].taskDefinition' --output text)" || return 1
	[[ "$previous" == arn:* ]] || die "$service: service $family not found in $CLUSTER (first deploy: see infra/README.md)"
	new="$(aws_call "arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$family:2" ecs register-task-definition \
		--cli-input-json "file://$rendered" --query 'taskDefinition.taskDefinitionArn' --output text)" \
		|| { log "$service: register-task-definition failed; nothing changed"; return 1; }
	log "$service: registered $new (running: $previous)"

	if aws_call "" ecs update-service --cluster "$CLUSTER" --service "$family" --task-definition "$new" \
		--query 'service.deployments[0].id' --output text >/dev/null && wait_for "$service" "$new"; then
		log "$service: $new is serving"
		return 0
	fi
	log "$service: deployment of $new failed, rolling back to $previous"
	aws_call "" ecs update-service --cluster "$CLUSTER" --service "$family" --task-definition "$previous" \
		--query 'service.deployments[0].id' --output text >/dev/null
	wait_for "$service" "$previous" || log "$service: rollback to $previous is not stable either: investigate now"
	# The stack's service names the family only (= latest ACTIVE revision): retire the failed one so that a later
	# stack update cannot bring it back
	aws_call "" ecs deregister-task-definition --task-definition "$new" --query 'taskDefinition.status' \
		--output text >/dev/null
	return 1
}

# wait_for SERVICE TASKDEF_ARN: stable, and the primary deployment runs TASKDEF_ARN to completion (the circuit
# breaker may have rolled it back, which also ends "stable")
wait_for() {
	local family="bowwow-$1" expected="$2" state
	aws_call "" ecs wait services-stable --cluster "$CLUSTER" --services "$family" >/dev/null || return 1
	state="$(aws_call "$expected	COMPLETED" ecs describe-services --cluster "$CLUSTER" --services "$family" \
		--query 'services[0].deployments[?status==`PRIMARY`].[taskDefinition,rolloutState] | [0]' --output text)"
	[[ "$state" == "$expected"$'\t'COMPLETED ]]
}

FAILED=()
for service in "${SERVICES[@]}"; do
	deploy_one "$service" || { FAILED+=("$service"); break; }
done
if [[ ${#FAILED[@]} -gt 0 ]]; then
	die "rolled back: ${FAILED[*]} (later services in the list were not touched)"
fi
log "deployed ${SERVICES[*]} at $TAG"
