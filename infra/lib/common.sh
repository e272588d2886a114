# Shared helpers for the launch scripts: paths, step logging with timings, pid files, readiness waits.
# Sourced, never executed. Every process we start gets .run/pids/<name>.pid and logs/<name>.log.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$ROOT/.run"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$ROOT/logs"
CACHE_DIR="${FLASHSALE_CACHE_DIR:-$HOME/.cache/flash-sale}"
mkdir -p "$PID_DIR" "$LOG_DIR" "$CACHE_DIR"

STACK_T0=$EPOCHREALTIME

if [ -t 1 ]; then
  C_BOLD=$'\e[1m' C_DIM=$'\e[2m' C_RED=$'\e[31m' C_GREEN=$'\e[32m' C_YELLOW=$'\e[33m' C_RESET=$'\e[0m'
else
  C_BOLD="" C_DIM="" C_RED="" C_GREEN="" C_YELLOW="" C_RESET=""
fi

# Seconds since $1 (an $EPOCHREALTIME value), one decimal.
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }

info() { printf '%s\n' "  $*"; }
warn() { printf '%s\n' "${C_YELLOW}  ! $*${C_RESET}" >&2; }

STEP_NAME="" STEP_T0=""
step() {
  STEP_NAME="$1" STEP_T0=$EPOCHREALTIME
  printf '%s\n' "${C_BOLD}▸ $1${C_RESET}"
}
step_done() {
  printf '%s\n' "  ${C_GREEN}✓${C_RESET} ${1:-$STEP_NAME} ${C_DIM}($(elapsed "$STEP_T0"))${C_RESET}"
}

# die MESSAGE [LOGFILE] — stops the script; shows the end of the log that explains the failure.
die() {
  printf '%s\n' "${C_RED}✗ $1${C_RESET}" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    printf '%s\n' "${C_DIM}--- last lines of ${2#"$ROOT"/} ---${C_RESET}" >&2
    tail -n 40 "$2" >&2
    printf '%s\n' "${C_DIM}---${C_RESET}" >&2
  fi
  exit 1
}

is_root() { [ "$(id -u)" -eq 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

port_open() { (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }

# HTTP status of a URL, "000" when nothing answers. Fails fast: readiness loops call it often.
http_status() { curl -s -o /dev/null -m "${2:-3}" -w '%{http_code}' "$1" 2>/dev/null || true; }
url_ok() { [ "$(http_status "$1" "${2:-3}")" = 200 ]; }

pid_file() { printf '%s' "$PID_DIR/$1.pid"; }

# The pid recorded for NAME if that process is still alive and is the one we recorded (started no later than
# the pid file was written — guards against a recycled pid after a reboot).
live_pid() {
  local file pid started written
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  started=$(($(date +%s) - $(ps -o etimes= -p "$pid" | tr -d ' ')))
  written=$(stat -c %Y "$file")
  [ "$started" -le $((written + 5)) ] || return 1
  printf '%s' "$pid"
}

# launch NAME [ENV=VALUE...] -- COMMAND... : runs COMMAND detached in its own session (so stop can signal the
# whole process group, e.g. kc.sh and its java), appends output to logs/NAME.log and records the pid.
launch() {
  local name=$1 log
  shift
  local -a envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  log="$LOG_DIR/$name.log"
  printf '=== %s started %s: %s\n' "$name" "$(date -u +%FT%TZ)" "$*" >>"$log"
  # A background job of a non-interactive shell is not a group leader, so setsid execs in place and $! is the
  # session leader's pid.
  env "${envs[@]}" setsid "$@" </dev/null >>"$log" 2>&1 &
  printf '%s\n' "$!" >"$(pid_file "$name")"
}

# wait_until SECONDS NAME LOGFILE COMMAND... — polls COMMAND every second; fails with the log tail on timeout
# or when the recorded process of NAME has died.
wait_until() {
  local timeout=$1 name=$2 log=$3
  shift 3
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if [ -f "$(pid_file "$name")" ] && ! live_pid "$name" >/dev/null; then
      die "$name exited during start-up (log: ${log#"$ROOT"/})" "$log"
    fi
    [ $SECONDS -lt $deadline ] || die "$name not ready after ${timeout}s (log: ${log#"$ROOT"/})" "$log"
    sleep 1
  done
}

# stop_pids NAME... — stops the recorded processes, in parallel, and removes their pid files. Only pids we recorded
# are touched. TERM goes to the recorded process alone first (tsx relays it to its node child, nginx's master to
# its workers — a second TERM from a group signal would cut a graceful drain short); whatever is left of its process
# group (e.g. a JVM kc.sh had forked) gets TERM, then KILL, after STOP_TIMEOUT seconds.
stop_pids() {
  local name pid
  local -a pids=() names=()
  for name in "$@"; do
    if pid=$(live_pid "$name"); then
      pids+=("$pid")
      names+=("$name")
      kill -TERM "$pid" 2>/dev/null || true
    else
      rm -f "$(pid_file "$name")"
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  local timeout=${STOP_TIMEOUT:-30}
  _wait_gone "$timeout" "${pids[@]}"
  local -a groups=()
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      warn "pid $pid did not stop within ${timeout}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    # Only a process started by `launch` leads its own group; for the others there is no group of ours to signal.
    if _group_alive "$pid"; then groups+=("-$pid"); kill -TERM -- "-$pid" 2>/dev/null || true; fi
  done
  if [ ${#groups[@]} -gt 0 ]; then
    _wait_gone 10 "${groups[@]}"
    for pid in "${groups[@]}"; do kill -KILL -- "$pid" 2>/dev/null || true; done
  fi
  for name in "${names[@]}"; do rm -f "$(pid_file "$name")"; info "stopped $name"; done
}

_group_alive() { pgrep -g "$1" >/dev/null 2>&1; }

# _wait_gone SECONDS TARGET... — TARGET is a pid or -pgid.
_wait_gone() {
  local deadline=$((SECONDS + $1)) target alive
  shift
  while [ $SECONDS -lt $deadline ]; do
    alive=0
    for target in "$@"; do
      if [ "${target#-}" != "$target" ]; then _group_alive "${target#-}" && alive=1; else kill -0 "$target" 2>/dev/null && alive=1; fi
    done
    [ $alive -eq 1 ] || return 0
    sleep 0.3
  done
}

# Missing Debian packages are installed when we are root; otherwise the script says exactly what to install.
APT_UPDATED=0
apt_install() {
  if ! is_root; then
    die "missing: $*. Install with: sudo apt-get install -y $* (or run npm start as root)"
  fi
  have apt-get || die "missing: $*; this machine has no apt-get — install them with your package manager"
  info "installing $* with apt-get"
  if [ $APT_UPDATED -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || die "apt-get update failed" "$LOG_DIR/apt.log"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1 \
    || die "apt-get install $* failed" "$LOG_DIR/apt.log"
}
