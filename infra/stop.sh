#!/usr/bin/env bash
# npm stop: stops exactly the processes npm start recorded in .run/pids/ (never by name), front door first.
# Services that were already running before npm start (e.g. a system MariaDB) have no pid file and stay up.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/stack.sh"

t0=$EPOCHREALTIME
shopt -s nullglob
known=" ${STOP_ORDER[*]} "
others=()
for file in "$PID_DIR"/*.pid; do
  name=$(basename "$file" .pid)
  [[ $known == *" $name "* ]] || others+=("$name")
done
if [ ${#others[@]} -eq 0 ] && [ -z "$(ls -A "$PID_DIR")" ]; then
  echo "nothing to stop (no pid files in .run/pids)"
  exit 0
fi
# Tiers stop in parallel inside, one after another between them: nothing should lose its dependencies mid-drain.
stop_pids nginx
stop_pids "${APP_NAMES[@]}" "$WORKER_NAME" "${others[@]}"
stop_pids s3 keycloak kafka
stop_pids redis mariadb
echo "stopped in $(elapsed "$t0")"
