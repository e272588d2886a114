# NGINX (Debian package) with the repo's nginx.conf on 127.0.0.1:8080, all its files under .run/nginx and logs/.
# Sourced by infra/lib/stack.sh; `bash infra/nginx.sh` runs it alone (after the app instances).

nginx_binary() {
  if have nginx; then command -v nginx; elif [ -x /usr/sbin/nginx ]; then printf /usr/sbin/nginx; else return 1; fi
}

nginx_start() {
  local bin
  bin=$(nginx_binary) || die "NGINX is not installed. Install it: sudo apt-get install -y nginx-light"
  mkdir -p "$RUN_DIR/nginx"
  "$bin" -p "$ROOT/" -c "$ROOT/nginx.conf" -e "$LOG_DIR/nginx.log" -t >>"$LOG_DIR/nginx.log" 2>&1 \
    || die "nginx.conf does not pass nginx -t" "$LOG_DIR/nginx.log"
  if live_pid nginx >/dev/null; then
    # Picks up an edited nginx.conf without dropping connections.
    kill -HUP "$(live_pid nginx)"
    touch "$(pid_file nginx)"
    info "NGINX already running (pid $(live_pid nginx)); configuration reloaded"
    return 0
  fi
  if port_open 8080; then
    die "port 8080 is taken by a process that npm start did not start; stop it and run npm start again"
  fi
  launch nginx -- "$bin" -p "$ROOT/" -c "$ROOT/nginx.conf" -e "$LOG_DIR/nginx.log" -g 'daemon off;'
  wait_until 20 nginx "$LOG_DIR/nginx.log" port_open 8080
  info "NGINX listening on 127.0.0.1:8080 (pid $(live_pid nginx))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  nginx_start
fi
