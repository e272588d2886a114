#!/usr/bin/env bash
# run-program.sh NAME — what supervisord runs for each program of infra/supervisor/supervisord.conf.
# Records this pid in .run/pids/NAME.pid (exec keeps the pid, so it is the server's own), counts the start in
# .run/restarts/NAME, then replaces itself with the program in the foreground.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"
source "$ROOT/infra/lib/stack.sh"
cd "$ROOT"

name=${1:?usage: run-program.sh NAME}
mkdir -p "$RUN_DIR/restarts"
starts=$(( $(cat "$RUN_DIR/restarts/$name" 2>/dev/null || echo 0) + 1 ))
printf '%s\n' "$starts" >"$RUN_DIR/restarts/$name"
# A wrapper killed with SIGKILL leaves its children behind (kc.sh's JVM, holding the port): its process group is
# the pid we recorded last time, so whatever is left of it goes before the new run starts.
previous=$(tr -dc '0-9' <"$(pid_file "$name")" 2>/dev/null || true)
if [ -n "$previous" ] && [ "$previous" != "$$" ] && pgrep -g "$previous" >/dev/null 2>&1; then
  printf 'killing what is left of the previous %s (process group %s)\n' "$name" "$previous"
  kill -KILL -- "-$previous" 2>/dev/null || true
  sleep 1
fi
printf '%s\n' "$$" >"$(pid_file "$name")"
printf '=== %s start #%s at %s (pid %s)\n' "$name" "$starts" "$(date -u +%FT%TZ)" "$$"

# An app instance, or a name no program has: APP_NAMES and APP_PORTS (infra/lib/topology.sh) pair each instance's
# name with its port.
exec_app_instance() {
  local index
  for index in "${!APP_NAMES[@]}"; do
    if [ "${APP_NAMES[$index]}" = "$1" ]; then
      exec env NODE_ENV=production PORT="${APP_PORTS[$index]}" "${LOCAL_ONLY_ENV[@]}" \
        node "${APP_NODE_FLAGS[@]}" --import tsx "$APP_ENTRY"
    fi
  done
  echo "unknown program: $1" >&2
  exit 78
}

case $name in
  mariadb) mariadb_exec ;;
  redis) redis_exec ;;
  kafka) kafka_exec ;;
  keycloak) keycloak_exec ;;
  s3) exec node --import tsx infra/s3/s3-server.ts ;;
  "$WORKER_NAME") exec env NODE_ENV=production "${LOCAL_ONLY_ENV[@]}" node --import tsx workers/payment-worker.ts ;;
  nginx) exec "$(nginx_binary)" -p "$ROOT/" -c "$ROOT/nginx.conf" -e "$LOG_DIR/nginx.log" -g 'daemon off;' ;;
  *) exec_app_instance "$name" ;;
esac
