# The stack's own Redis on 127.0.0.1:6380 with an append-only file under .run/redis (infra/redis/redis.conf), run
# by supervisord. A Redis the machine already runs is left alone. Sourced by infra/lib/stack.sh; `bash
# infra/redis.sh` runs it alone.

REDIS_PORT=6380

# The foreground server supervisord runs (infra/supervisor/run-program.sh).
redis_exec() {
  mkdir -p "$RUN_DIR/redis"
  exec redis-server "$ROOT/infra/redis/redis.conf" --port "$REDIS_PORT" --dir "$RUN_DIR/redis"
}

# PONG only once the append-only file is loaded (before that Redis answers LOADING).
redis_ready() { [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
  have redis-server || apt_install redis-server
  svc_start redis
  wait_until 60 redis "$LOG_DIR/redis.log" redis_ready
  info "Redis on 127.0.0.1:$REDIS_PORT, append-only file in .run/redis (pid $(live_pid redis))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  source "$ROOT/infra/lib/stack.sh"
  supervisor_up
  redis_start
fi
