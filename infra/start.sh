#!/usr/bin/env bash
# npm start: brings the whole stack up on this machine (see README "What npm start does"). Idempotent: services
# that already run are reused; a second start while everything runs says so and exits 0; app processes are
# restarted when the code changed since they started, and NGINX reloads an edited nginx.conf.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/stack.sh"
cd "$ROOT"

if stack_fully_supervised && stack_app_tier_running && ! app_tier_is_stale && ! nginx_config_is_stale && url_ok "$NGINX_READY_URL" && keycloak_ready && port_open "$S3_PORT"; then
  printf '%s\n' "Flash Sale is already running at $PUBLIC_URL (pids in .run/pids/). Stop it with: npm stop"
  exit 0
fi

stack_up
print_welcome
