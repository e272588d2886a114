# Redis: use the running server, or start the installed one (no persistence: stock is rebuilt from MySQL).
# Sourced by infra/lib/stack.sh; `bash infra/redis.sh` runs it alone.

redis_start() {
  if port_open 6379; then
    info "Redis already answers on 127.0.0.1:6379"
    return 0
  fi
  have redis-server || die "Redis is not installed. Install it: sudo apt-get install -y redis-server"
  # Foreground (no --daemonize) so the pid we record is the server's own; `-::1` binds IPv6 loopback only if present.
  launch redis -- redis-server --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  wait_until 30 redis "$LOG_DIR/redis.log" port_open 6379
  info "started Redis (pid $(live_pid redis))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  redis_start
fi
