# MariaDB (as MySQL): use the running server, or start the installed one; then make sure database and user
# `flashsale` exist. Sourced by infra/lib/stack.sh; `bash infra/mysql.sh` runs it alone.

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

mysql_start() {
  if port_open 3306; then
    info "MariaDB already answers on 127.0.0.1:3306"
    return 0
  fi
  local server
  server=$(mysql_server_binary) || die "MariaDB is not installed. Install it: sudo apt-get install -y mariadb-server"
  if is_root; then
    # The Debian package keeps its socket here; a container without systemd may not have created it yet.
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    launch mariadb -- "$server" --user=mysql
  elif [ -w /run/mysqld ] || [ -O /var/lib/mysql ]; then
    launch mariadb -- "$server"
  else
    die "MariaDB is installed but not running, and only root can start it here. Start it: sudo service mariadb start"
  fi
  wait_until 60 mariadb "$LOG_DIR/mariadb.log" port_open 3306
  info "started MariaDB (pid $(live_pid mariadb))"
}

# Root may log in through the unix socket (Debian default) or over TCP with an empty password (fresh CI boxes).
mysql_root() {
  local client
  client=$(mysql_client)
  "$client" -uroot -e "$1" 2>/dev/null || "$client" -uroot -h127.0.0.1 --protocol=TCP -e "$1" 2>/dev/null
}

mysql_provision() {
  local client
  client=$(mysql_client)
  have "$client" || die "the MariaDB client is missing. Install it: sudo apt-get install -y mariadb-client"
  if "$client" -uflashsale -pflashsale -h127.0.0.1 --protocol=TCP -e "SELECT 1" flashsale >/dev/null 2>&1; then
    info "database flashsale and user flashsale are ready"
    return 0
  fi
  # Both host forms: TCP clients arrive as 127.0.0.1, socket clients as localhost.
  mysql_root "CREATE DATABASE IF NOT EXISTS flashsale CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'flashsale'@'127.0.0.1' IDENTIFIED BY 'flashsale';
    CREATE USER IF NOT EXISTS 'flashsale'@'localhost' IDENTIFIED BY 'flashsale';
    GRANT ALL PRIVILEGES ON flashsale.* TO 'flashsale'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON flashsale.* TO 'flashsale'@'localhost';
    FLUSH PRIVILEGES;" \
    || die "could not create database/user flashsale: MariaDB root login failed (tried the unix socket and TCP 127.0.0.1 without password). Run as a MariaDB admin:
  CREATE DATABASE flashsale; CREATE USER 'flashsale'@'127.0.0.1' IDENTIFIED BY 'flashsale';
  GRANT ALL PRIVILEGES ON flashsale.* TO 'flashsale'@'127.0.0.1';"
  info "created database flashsale and user flashsale"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  mysql_start
  mysql_provision
fi
