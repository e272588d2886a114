#!/usr/bin/env bash
# npm run status: what supervisord runs, since when, and how often each program was (re)started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/infra/lib/stack.sh"

if ! live_pid supervisord >/dev/null || ! supervisor_answers; then
  echo "the stack is not running (no supervisord); start it with: npm start"
  exit 3
fi
printf '%-16s %-9s %-9s %s\n' PROGRAM STATE RESTARTS DETAIL
# Starts are counted since supervisord started; every start after the first is a restart.
{ supervisor_ctl status || true; } | while read -r name state detail; do
  starts=$(cat "$RUN_DIR/restarts/$name" 2>/dev/null || echo 0)
  printf '%-16s %-9s %-9s %s\n' "$name" "$state" "$((starts > 0 ? starts - 1 : 0))" "$detail"
done
