# NGINX (Debian package) with the repo's nginx.conf (generated: infra/nginx/render-nginx.ts) on loopback, all its
# files under .run/nginx and logs/. Ports: infra/lib/topology.sh.
# Sourced by infra/lib/stack.sh; `bash infra/nginx.sh` runs it alone (after the app instances).

nginx_binary() {
  if have nginx; then command -v nginx; elif [ -x /usr/sbin/nginx ]; then printf /usr/sbin/nginx; else return 1; fi
}

# TLS mode: FLASHSALE_TLS=1 adds an HTTPS listener (NGINX_TLS_PORT) on loopback to the public server, with a
# self-signed certificate made here once (browsers warn; a real deployment puts its own certificate in these two
# files).
# Without it the listener's include file is removed, so plain `npm start` serves HTTP only.
nginx_configure_tls() {
  local dir="$RUN_DIR/nginx/tls" conf="$RUN_DIR/nginx/tls.d/listen.conf"
  mkdir -p "$RUN_DIR/nginx/tls.d"
  if [ "${FLASHSALE_TLS:-0}" != 1 ]; then
    rm -f "$conf"
    return 0
  fi
  have openssl || die "FLASHSALE_TLS=1 needs openssl. Install it: sudo apt-get install -y openssl"
  if [ ! -s "$dir/cert.pem" ] || [ ! -s "$dir/key.pem" ]; then
    mkdir -p "$dir" && chmod 700 "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=localhost" \
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" >>"$LOG_DIR/nginx.log" 2>&1 \
      || die "could not make the self-signed certificate" "$LOG_DIR/nginx.log"
  fi
  cat >"$conf" <<CONF
listen 127.0.0.1:$NGINX_TLS_PORT ssl;
ssl_certificate $dir/cert.pem;
ssl_certificate_key $dir/key.pem;
ssl_protocols TLSv1.2 TLSv1.3;
ssl_session_cache shared:tls:1m;
CONF
  info "TLS on: https://localhost:$NGINX_TLS_PORT (self-signed certificate in .run/nginx/tls/)"
}

# The benchmark's loopback listener (NGINX_BENCH_PORT): its rate-limit keys are empty (nginx.conf), so one address
# can play thousands of shoppers. Present only while a benchmark or a load test asks for it: on | off.
nginx_bench_listener() {
  local conf="$RUN_DIR/nginx/bench.d/listen.conf" pid
  mkdir -p "$RUN_DIR/nginx/bench.d"
  case "${1:-}" in
    on) printf '%s\n' "listen 127.0.0.1:$NGINX_BENCH_PORT;" >"$conf" ;;
    off) rm -f "$conf" ;;
    *) die "usage: infra/nginx.sh bench-listener on|off" ;;
  esac
  pid=$(cat "$RUN_DIR/nginx/nginx.pid" 2>/dev/null) || die "NGINX is not running; start the stack with: npm start"
  kill -HUP "$pid"
}

nginx_start() {
  local bin
  bin=$(nginx_binary) || die "NGINX is not installed. Install it: sudo apt-get install -y nginx-light"
  mkdir -p "$RUN_DIR/nginx" "$RUN_DIR/nginx/bench.d"
  nginx_configure_tls
  "$bin" -p "$ROOT/" -c "$ROOT/nginx.conf" -e "$LOG_DIR/nginx.log" -t >>"$LOG_DIR/nginx.log" 2>&1 \
    || die "nginx.conf does not pass nginx -t" "$LOG_DIR/nginx.log"
  if live_pid nginx >/dev/null && supervised nginx; then
    # Picks up an edited nginx.conf without dropping connections.
    kill -HUP "$(live_pid nginx)"
    touch "$(pid_file nginx)"
    info "NGINX already running (pid $(live_pid nginx)); configuration reloaded"
    return 0
  fi
  if port_open "$NGINX_PUBLIC_PORT" && ! live_pid nginx >/dev/null; then
    die "port $NGINX_PUBLIC_PORT is taken by a process that npm start did not start; stop it and run npm start again"
  fi
  # The command line is in infra/supervisor/run-program.sh; an NGINX an older, unsupervised start left is replaced.
  svc_start nginx
  wait_until 20 nginx "$LOG_DIR/nginx.log" port_open "$NGINX_PUBLIC_PORT"
  info "NGINX listening on 127.0.0.1:$NGINX_PUBLIC_PORT (pid $(live_pid nginx))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  source "$ROOT/infra/lib/topology.sh"
  if [ "${1:-}" = bench-listener ]; then
    nginx_bench_listener "${2:-}"
    exit 0
  fi
  source "$ROOT/infra/lib/stack.sh"
  supervisor_up
  nginx_start
fi
