#!/usr/bin/env bash
# Puts a service back on the revision before the one it runs, waits until stable, and retires the bad revision.
#
#   infra/scripts/rollback.sh [--dry-run] <service> [--to <task definition ARN or family:revision>]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SERVICE=""
TARGET=""
while [[ $# -gt 0 ]]; do
	case "$1" in
		--dry-run) DRY_RUN=1 ;;
		--to) TARGET="${2:?--to needs a revision}"; shift ;;
		-h|--help) sed -n '2,5p' "$0"; exit 0 ;;
		-*) die "unknown option $1" ;;
		*) SERVICE="$1" ;;
	esac
	shift
done
is_service "$SERVICE" || die "name one service: ${ALL_SERVICES[*]}"
FAMILY="bowwow-$SERVICE"

current="$(aws_call "arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$FAMILY:2" ecs describe-services \
	--cluster "$CLUSTER" --services "$FAMILY" --query 'services[0].taskDefinition' --output text)"
if [[ -z "$TARGET" ]]; then
	# ACTIVE revisions, newest first: the one after the current is the previous release
	revisions="$(aws_call "arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$FAMILY:2	arn:aws:ecs:$AWS_REGION:000000000000:task-definition/$FAMILY:1" \
		ecs list-task-definitions --family-prefix "$FAMILY" --status ACTIVE --sort DESC --max-items 20 \
		--query 'taskDefinitionArns' --output text)"
	TARGET="$(tr '\t' '\n' <<<"$revisions" | grep -A1 -Fx "$current" | sed -n 2p)"
	[[ -n "$TARGET" ]] || die "no ACTIVE revision of $FAMILY older than $current"
fi
log "$SERVICE: rolling back from $current to $TARGET"
aws_call "" ecs update-service --cluster "$CLUSTER" --service "$FAMILY" --task-definition "$TARGET" \
	--query 'service.deployments[0].id' --output text >/dev/null
aws_call "" ecs wait services-stable --cluster "$CLUSTER" --services "$FAMILY"
aws_call "" ecs deregister-task-definition --task-definition "$current" --query 'taskDefinition.status' \
	--output text >/dev/null
log "$SERVICE: running $TARGET; $current deregistered"
