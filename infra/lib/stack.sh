# Brings the whole stack up, reusing whatever already runs. Shared by infra/start.sh and infra/test.sh.
# Sourced after infra/lib/common.sh.

# APP_NAMES, APP_PORTS, APP_NODE_FLAGS, WORKER_NAME and the ports: generated from infra/topology.json.
source "$ROOT/infra/lib/topology.sh"
source "$ROOT/infra/lib/supervisor.sh"
source "$ROOT/infra/mysql.sh"
source "$ROOT/infra/redis.sh"
source "$ROOT/infra/kafka.sh"
source "$ROOT/infra/keycloak.sh"
source "$ROOT/infra/nginx.sh"

WORKER_HEALTH_URL=http://127.0.0.1:$WORKER_HEALTH_PORT/healthz
PUBLIC_URL=http://localhost:$NGINX_PUBLIC_PORT
NGINX_READY_URL=http://127.0.0.1:$NGINX_OPERATIONS_PORT/readyz
TSX="$ROOT/node_modules/.bin/tsx"

# Everything `npm stop` stops, in order: the front door first, the data stores last, supervisord itself at the end.
STOP_TIERS=("nginx" "${APP_NAMES[*]} $WORKER_NAME" "s3 keycloak kafka" "redis mariadb")
STOP_ORDER=(nginx "${APP_NAMES[@]}" "$WORKER_NAME" s3 keycloak kafka redis mariadb supervisord)

# Every program of STOP_ORDER runs under supervisord (an older npm start launched them unsupervised).
stack_fully_supervised() {
  local name
  live_pid supervisord >/dev/null && supervisor_answers || return 1
  for name in "${STOP_ORDER[@]}"; do
    [ "$name" = supervisord ] || supervised "$name" || return 1
  done
}

stack_app_tier_running() {
  local name
  for name in "${APP_NAMES[@]}" "$WORKER_NAME" nginx; do live_pid "$name" >/dev/null || return 1; done
}

# Sources whose change requires a new Next.js build.
BUILD_INPUTS=(app components server public lua next.config.ts tsconfig.json package-lock.json)
# Sources whose change requires restarting the app processes (this file and topology.sh hold their launch flags and
# ports), including what APP_ENTRY adds to the app server (not the rest of bench/: its reports and load generator
# are no part of them).
RUNTIME_INPUTS=(app components server workers public lua drizzle next.config.ts package-lock.json infra/lib/stack.sh infra/lib/topology.sh infra/supervisor/run-program.sh bench/server.ts bench/door.ts bench/strategy-routes.ts bench/strategies)

newer_than() {
  local reference=$1
  shift
  local -a existing=()
  local path
  for path in "$@"; do [ -e "$ROOT/$path" ] && existing+=("$ROOT/$path"); done
  [ -n "$(find "${existing[@]}" -newer "$reference" -type f ! -name '*.test.ts' -print -quit 2>/dev/null)" ]
}

build_is_stale() {
  [ "${FLASHSALE_FORCE_BUILD:-0}" = 1 ] && return 0
  [ -f "$ROOT/.next/BUILD_ID" ] || return 0
  newer_than "$ROOT/.next/BUILD_ID" "${BUILD_INPUTS[@]}"
}

app_tier_is_stale() {
  build_is_stale && return 0
  newer_than "$(pid_file app-1)" "${RUNTIME_INPUTS[@]}"
}

# nginx.conf edited since NGINX started or last reloaded (nginx_start touches the pid file on reload).
nginx_config_is_stale() {
  newer_than "$(pid_file nginx)" nginx.conf
}

ensure_system_packages() {
  local -a missing=()
  have curl || missing+=(curl)
  have java || missing+=(openjdk-17-jre-headless)
  have mvn || missing+=(maven)
  have supervisord || missing+=(supervisor)
  { mysql_server_binary >/dev/null && have mariadb-install-db; } || missing+=(mariadb-server)
  have redis-server || missing+=(redis-server)
  nginx_binary >/dev/null || missing+=(nginx-light)
  if [ "${1:-}" = --with-chromium ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then missing+=(chromium); fi
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
}

ensure_node_modules() {
  if [ -d "$ROOT/node_modules" ] && [ "$ROOT/node_modules/.package-lock.json" -nt "$ROOT/package-lock.json" ]; then
    info "node_modules up to date"
    return 0
  fi
  info "running npm ci (log: logs/npm-ci.log)"
  (cd "$ROOT" && npm ci --no-audit --no-fund) >>"$LOG_DIR/npm-ci.log" 2>&1 || die "npm ci failed" "$LOG_DIR/npm-ci.log"
}

# run_logged LABEL COMMAND... — runs a setup command, its output in logs/setup.log, shown only when it fails.
run_logged() {
  local label=$1
  shift
  printf '=== %s %s\n' "$(date -u +%FT%TZ)" "$label" >>"$LOG_DIR/setup.log"
  (cd "$ROOT" && "$@") >>"$LOG_DIR/setup.log" 2>&1 || die "$label failed" "$LOG_DIR/setup.log"
  info "$(tail -n 1 "$LOG_DIR/setup.log")"
}

s3_start() {
  if port_open "$S3_PORT" && ! supervised s3 && ! live_pid s3 >/dev/null; then
    info "S3-compatible server already answers on 127.0.0.1:$S3_PORT"
    return 0
  fi
  svc_start s3
  wait_until 30 s3 "$LOG_DIR/s3.log" port_open "$S3_PORT"
  info "S3-compatible server on 127.0.0.1:$S3_PORT (pid $(live_pid s3))"
}

build_next() {
  info "building Next.js (log: logs/build.log)"
  (cd "$ROOT" && NODE_ENV=production npx next build) >"$LOG_DIR/build.log" 2>&1 || die "next build failed" "$LOG_DIR/build.log"
}

# The local stack is a development and test environment: it accepts tokens of the test-only Keycloak client
# (tests and the benchmark log in with passwords) and serves the benchmark's alternative strategies. A
# production deployment sets neither (docker-compose.yml leaves both off). FLASHSALE_LOCAL_STACK says so to
# server/env.ts, which otherwise refuses, under NODE_ENV=production, these switches and the default secrets.
LOCAL_ONLY_ENV=(ALLOW_TEST_CLIENT=true BENCH_STRATEGIES_ENABLED=true FLASHSALE_LOCAL_STACK=true)
# The instances run the bench's entry: the production app server (server/index.ts builds the same one) plus the
# strategy routes and the `x-bench-door` switch that `npm run bench` and the two-door API tests use. Production
# images run dist/server/index.js, which has neither.
APP_ENTRY=bench/server.ts

# The instances' and the worker's command lines are in infra/supervisor/run-program.sh; their node flags
# (APP_NODE_FLAGS) are infra/topology.json's, the same as the Docker image's.
start_app_tier() {
  local i
  svc_start "${APP_NAMES[@]}" "$WORKER_NAME"
  for i in "${!APP_NAMES[@]}"; do
    wait_until 120 "${APP_NAMES[$i]}" "$LOG_DIR/${APP_NAMES[$i]}.log" url_ok "http://127.0.0.1:${APP_PORTS[$i]}/readyz"
  done
  wait_until 60 "$WORKER_NAME" "$LOG_DIR/$WORKER_NAME.log" url_ok "$WORKER_HEALTH_URL"
}

check_app_ports_free() {
  local port
  for port in "${APP_PORTS[@]}" "$WORKER_HEALTH_PORT"; do
    port_open "$port" && die "port $port is taken by a process that npm start did not start; stop it and try again"
  done
  return 0
}

# stack_up [--with-chromium]: idempotent; every step reuses what runs already.
stack_up() {
  step "system packages"
  ensure_system_packages "${1:-}"
  step_done

  # Keycloak keeps its accounts in MariaDB, so the data stores come first (a few seconds).
  step "supervisord, MariaDB and Redis"
  supervisor_up
  mysql_start
  mysql_provision
  redis_start
  step_done

  # The JVMs take longest (downloads on a cold machine, Keycloak's re-augmentation): launch them first, wait later.
  step "Kafka and Keycloak (launching in the background)"
  : >"$LOG_DIR/kafka-setup.log"
  : >"$LOG_DIR/keycloak-setup.log"
  kafka_launch >>"$LOG_DIR/kafka-setup.log" 2>&1 &
  local kafka_job=$!
  keycloak_launch >>"$LOG_DIR/keycloak-setup.log" 2>&1 &
  local keycloak_job=$!
  step_done "launched"

  step "Node dependencies"
  ensure_node_modules
  # nginx.conf and topology.sh (sourced above) are generated: an edit of their sources that was never rendered
  # stops the start here rather than running part of the stack on the old topology.
  run_logged "generated files" "$TSX" infra/render-topology.ts --check
  step_done

  step "S3-compatible server"
  s3_start
  step_done

  step "Kafka broker"
  wait "$kafka_job" || die "Kafka setup failed" "$LOG_DIR/kafka-setup.log"
  info "$(tail -n 1 "$LOG_DIR/kafka-setup.log")"
  kafka_wait
  step_done "Kafka on 127.0.0.1:9092"

  step "database schema, topics and demo data"
  run_logged "migrations" "$TSX" scripts/migrate.ts
  run_logged "topics" "$TSX" scripts/create-topics.ts
  run_logged "seed" "$TSX" scripts/seed.ts
  run_logged "stock warm-up" "$TSX" scripts/warm-stock.ts
  step_done

  step "app instances and payment worker"
  if stack_app_tier_running && ! app_tier_is_stale; then
    info "already running and up to date"
  else
    if stack_app_tier_running || live_pid app-1 >/dev/null; then
      info "code changed since they started: restarting them"
    fi
    # Leftovers of a crashed run (one instance dead, the others alive) are stopped too: we restart the tier whole.
    svc_stop "${APP_NAMES[@]}" "$WORKER_NAME"
    stop_pids "${APP_NAMES[@]}" "$WORKER_NAME"
    check_app_ports_free
    if build_is_stale; then build_next; else info "Next.js build is up to date"; fi
    start_app_tier
  fi
  step_done "${#APP_PORTS[@]} app instances on ${APP_PORTS[*]}, worker health on $WORKER_HEALTH_PORT"

  step "NGINX"
  nginx_start
  wait_until 30 nginx "$LOG_DIR/nginx.log" url_ok "$NGINX_READY_URL"
  step_done "NGINX on 127.0.0.1:$NGINX_PUBLIC_PORT"

  step "Keycloak"
  wait "$keycloak_job" || die "Keycloak setup failed" "$LOG_DIR/keycloak-setup.log"
  info "$(tail -n 1 "$LOG_DIR/keycloak-setup.log")"
  keycloak_wait
  keycloak_ensure_test_client
  step_done "Keycloak on http://localhost:8180 (realm flashsale)"
}

print_welcome() {
  cat <<MSG

${C_GREEN}${C_BOLD}Flash Sale is running: ${PUBLIC_URL}${C_RESET}  ${C_DIM}(ready in $(elapsed "$STACK_T0"))${C_RESET}

  Demo logins (Keycloak):
    admin@example.com  / Admin123!    admin console + shopping
    alice@example.com  / Shopper123!  shopper, 100.00 credit
    bob@example.com    / Shopper123!  shopper, 100.00 credit
    carol@example.com  / Shopper123!  shopper with only 5.00 credit (shows "not enough credit")

  Logs: logs/<process>.log    pids: .run/pids/    status and restarts: npm run status    stop everything: npm stop
MSG
}
