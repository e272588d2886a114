#!/usr/bin/env bash
# npm stop: stops exactly what npm start started, never by name: the programs supervisord runs (one tier at a time,
# front door first, each stopped and kept down by supervisord), then supervisord itself by its recorded pid, then
# anything an older, unsupervised npm start recorded in .run/pids/. Services that were already running on the
# machine (its own MariaDB or Redis) have no pid file and stay up.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/stack.sh"

t0=$EPOCHREALTIME
shopt -s nullglob
if [ -z "$(ls -A "$PID_DIR")" ]; then
  echo "nothing to stop (no pid files in .run/pids)"
  exit 0
fi
if live_pid supervisord >/dev/null && supervisor_answers; then
  for tier in "${STOP_TIERS[@]}"; do
    # shellcheck disable=SC2086 # a tier is a space-separated list of program names
    svc_stop $tier
    for name in $tier; do info "stopped $name"; done
  done
fi
known=" ${STOP_ORDER[*]} "
others=()
for file in "$PID_DIR"/*.pid; do
  name=$(basename "$file" .pid)
  [[ $known == *" $name "* ]] || others+=("$name")
done
# Tiers stop in parallel inside, one after another between them: nothing should lose its dependencies mid-drain.
stop_pids supervisord
stop_pids nginx
stop_pids "${APP_NAMES[@]}" "$WORKER_NAME" "${others[@]}"
stop_pids s3 keycloak kafka
stop_pids redis mariadb
echo "stopped in $(elapsed "$t0")"
