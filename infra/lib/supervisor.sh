# The stack's supervisord (infra/supervisor/supervisord.conf): started once, recorded in .run/pids/supervisord.pid,
# it starts the programs npm start asks for and restarts any that dies. Sourced by infra/lib/stack.sh.

SUPERVISOR_CONF="$ROOT/infra/supervisor/supervisord.conf"

supervisor_ctl() { supervisorctl -c "$SUPERVISOR_CONF" "$@"; }

supervisor_answers() { supervisor_ctl pid >/dev/null 2>&1; }

supervisor_up() {
  if live_pid supervisord >/dev/null && supervisor_answers; then
    # An edited supervisord.conf: reread it; `update` restarts only the programs whose section changed.
    if newer_than "$(pid_file supervisord)" infra/supervisor/supervisord.conf; then
      supervisor_ctl reread >/dev/null && supervisor_ctl update >/dev/null
      touch "$(pid_file supervisord)"
      info "supervisord configuration reloaded"
    fi
    return 0
  fi
  have supervisord || apt_install supervisor
  rm -rf "$RUN_DIR/restarts"
  (cd "$ROOT" && launch supervisord -- supervisord -n -c "$SUPERVISOR_CONF")
  wait_until 20 supervisord "$LOG_DIR/supervisord.log" supervisor_answers
  info "supervisord running (pid $(live_pid supervisord))"
}

# supervised NAME: supervisord reports NAME as RUNNING (or STARTING: it is on its way and will be retried).
supervised() { supervisor_ctl status "$1" 2>/dev/null | grep -qE '[[:space:]](RUNNING|STARTING|BACKOFF)[[:space:]]'; }

# svc_start NAME...: starts each program that supervisord is not already running, in parallel. A process of the
# same name that an earlier, unsupervised npm start launched is stopped first (by its recorded pid).
svc_start() {
  local name
  local -a jobs=()
  for name in "$@"; do
    supervised "$name" && continue
    if live_pid "$name" >/dev/null; then stop_pids "$name"; fi
    supervisor_ctl start "$name" >/dev/null 2>&1 &
    jobs+=($!)
  done
  # `start` returns non-zero when the program died within startsecs; the readiness waits that follow say why.
  for name in "${jobs[@]}"; do wait "$name" || true; done
}

# svc_stop NAME...: supervisord stops them (TERM to the process group, KILL after stopwaitsecs) and keeps them down.
svc_stop() {
  supervisor_answers || return 0
  supervisor_ctl stop "$@" >/dev/null 2>&1 || true
}
