# Shared by the infra/scripts/*.sh commands (sourced, not run).
# Every AWS call goes through `aws_call`, which prints it and, with DRY_RUN=1, does not make it.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFRA_DIR="$REPO_ROOT/infra"
AWS_REGION="${AWS_REGION:-us-east-1}"
STACK_NAME="${STACK_NAME:-bowwow-prod}"
CLUSTER="bowwow-cluster"
DRY_RUN="${DRY_RUN:-0}"
# Deploy order: the gateway last, so it never routes to a backend older than itself for long
ALL_SERVICES=(user-service location-service signal-service push-service analytics-service gateway)

log() { printf '%s %s\n' "$(date -u +%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# aws_call <dry-run-result> <aws arguments...>
# Prints the call (shell-quoted, one line, prefixed "aws> "); runs it unless DRY_RUN=1, in which case it
# prints <dry-run-result> on stdout instead of the real output.
aws_call() {
	local fake="$1"; shift
	local args=("$@" --region "$AWS_REGION")
	printf 'aws>' >&2; printf ' %q' aws "${args[@]}" >&2; printf '\n' >&2
	if [[ "$DRY_RUN" == 1 ]]; then
		printf '%s\n' "$fake"
	else
		aws "${args[@]}"
	fi
}

is_service() {
	local s
	for s in "${ALL_SERVICES[@]}"; do [[ "$s" == "$1" ]] && return 0; done
	return 1
}

# services_from_args <name|all>... -> one service per line, in deploy order
services_from_args() {
	[[ $# -gt 0 ]] || die "name a service (${ALL_SERVICES[*]}) or 'all'"
	local wanted=" $* " s
	for s in "$@"; do [[ "$s" == all ]] || is_service "$s" || die "unknown service: $s"; done
	for s in "${ALL_SERVICES[@]}"; do
		if [[ "$wanted" == *" all "* || "$wanted" == *" $s "* ]]; then printf '%s\n' "$s"; fi
	done
}

# stack_outputs FILE: writes "Key<TAB>Value" lines of the stack's outputs into FILE
stack_outputs() {
	local file="$1"
	if [[ -n "${STACK_OUTPUTS_FILE:-}" ]]; then
		# given explicitly (tests, or an operator re-using a saved copy): still show the call it replaces
		printf 'aws> aws cloudformation describe-stacks --stack-name %s --region %s   # not called: read %s\n' \
			"$STACK_NAME" "$AWS_REGION" "$STACK_OUTPUTS_FILE" >&2
		cp "$STACK_OUTPUTS_FILE" "$file"
		return
	fi
	local fake="" key
	if [[ "$DRY_RUN" == 1 ]]; then
		# every output the template declares, with a recognisable stand-in value
		for key in $(sed -n '/^Outputs:/,$ s/^  \([A-Za-z0-9]*\):$/\1/p' \
				"$INFRA_DIR/cloudformation/bowwow-infrastructure.yaml"); do
			fake+="$key"$'\t'"dry-run-$key"$'\n'
		done
	fi
	aws_call "$fake" cloudformation describe-stacks --stack-name "$STACK_NAME" \
		--query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text > "$file"
}

# render_task_definition SERVICE IMAGE_TAG OUTPUTS_FILE: prints infra/ecs/SERVICE.json with every {{Name}} filled
# in: {{ImageTag}} from IMAGE_TAG, the others from the stack outputs. Fails if any is left unfilled.
render_task_definition() {
	local service="$1" tag="$2" outputs="$3"
	local file="$INFRA_DIR/ecs/$service.json"
	[[ -f "$file" ]] || die "no task definition $file"
	[[ "$tag" =~ ^[0-9a-f]{40}$ ]] || die "image tag must be a full git SHA, got '$tag'"
	local json key value
	json="$(<"$file")"
	json="${json//"{{ImageTag}}"/$tag}"
	while IFS=$'\t' read -r key value; do
		[[ -n "$key" ]] || continue
		json="${json//"{{$key}}"/$value}"
	done < "$outputs"
	if [[ "$json" =~ \{\{([A-Za-z]+)\}\} ]]; then
		die "$file: {{${BASH_REMATCH[1]}}} is neither ImageTag nor an output of stack $STACK_NAME"
	fi
	printf '%s\n' "$json"
}

git_sha() {
	git -C "$REPO_ROOT" rev-parse --verify HEAD 2>/dev/null || die "no commit to deploy: pass --image-tag <sha>"
}

require_clean_tree() {
	[[ -z "$(git -C "$REPO_ROOT" status --porcelain --untracked-files=no)" ]] \
		|| die "uncommitted changes: an image tagged with HEAD's SHA must contain exactly HEAD"
}
