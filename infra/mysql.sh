# The stack's own MariaDB (as MySQL) on 127.0.0.1:3307, data under .run/mariadb, run by supervisord; then the
# databases and users `flashsale` (the shop) and `keycloak` (accounts). A MariaDB the machine already runs is
# left alone. Sourced by infra/lib/stack.sh; `bash infra/mysql.sh` runs it alone.

MARIADB_PORT=3307
MARIADB_DIR="$RUN_DIR/mariadb"
MARIADB_SOCKET="$MARIADB_DIR/mariadb.sock"

mysql_server_binary() {
  local candidate
  for candidate in /usr/sbin/mariadbd /usr/sbin/mysqld; do
    [ -x "$candidate" ] && { printf '%s' "$candidate"; return 0; }
  done
  return 1
}

mysql_client() {
  if have mariadb; then printf mariadb; else printf mysql; fi
}

# mariadbd refuses to run as root unless told to; a non-root user runs it as itself.
mariadb_user_flag() { if is_root; then printf -- '--user=root'; else printf -- '--user=%s' "$(id -un)"; fi; }

mariadb_init_datadir() {
  [ -d "$MARIADB_DIR/data/mysql" ] && return 0
  have mariadb-install-db || apt_install mariadb-server
  mkdir -p "$MARIADB_DIR"
  # root gets an empty password but can only log in on loopback and through the socket under .run/.
  mariadb-install-db --no-defaults --datadir="$MARIADB_DIR/data" --auth-root-authentication-method=normal \
    --skip-test-db "$(mariadb_user_flag)" >>"$LOG_DIR/mariadb-setup.log" 2>&1 \
    || die "initialising MariaDB's data directory failed" "$LOG_DIR/mariadb-setup.log"
  info "initialised MariaDB data in ${MARIADB_DIR#"$ROOT"/}/data"
}

# The foreground server supervisord runs (infra/supervisor/run-program.sh). --no-defaults: the machine's
# my.cnf (port 3306, /var/lib/mysql) must not leak in.
mariadb_exec() {
  local server
  server=$(mysql_server_binary) || { echo "MariaDB is not installed (apt-get install -y mariadb-server)"; exit 78; }
  exec "$server" --no-defaults --datadir="$MARIADB_DIR/data" --port="$MARIADB_PORT" --bind-address=127.0.0.1 \
    --socket="$MARIADB_SOCKET" --pid-file="$MARIADB_DIR/mariadb.pid" "$(mariadb_user_flag)" --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --max-connections=500
}

mysql_root() { "$(mysql_client)" --no-defaults --socket="$MARIADB_SOCKET" -uroot -e "$1"; }

mysql_ready() { mysql_root "SELECT 1" >/dev/null 2>&1; }

mysql_start() {
  mariadb_init_datadir
  svc_start mariadb
  wait_until 60 mariadb "$LOG_DIR/mariadb.log" mysql_ready
  info "MariaDB on 127.0.0.1:$MARIADB_PORT (pid $(live_pid mariadb))"
}

# Idempotent: runs on every start. Both host forms: TCP clients arrive as 127.0.0.1, socket clients as localhost.
mysql_provision() {
  local db
  for db in flashsale keycloak; do
    mysql_root "CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER IF NOT EXISTS '$db'@'127.0.0.1' IDENTIFIED BY '$db';
      CREATE USER IF NOT EXISTS '$db'@'localhost' IDENTIFIED BY '$db';
      GRANT ALL PRIVILEGES ON $db.* TO '$db'@'127.0.0.1';
      GRANT ALL PRIVILEGES ON $db.* TO '$db'@'localhost';" >>"$LOG_DIR/mariadb-setup.log" 2>&1 \
      || die "could not create database and user $db" "$LOG_DIR/mariadb-setup.log"
  done
  info "databases flashsale and keycloak ready"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  source "$ROOT/infra/lib/stack.sh"
  supervisor_up
  mysql_start
  mysql_provision
fi
