# Keycloak 26.7.3 (org.keycloak:keycloak-quarkus-dist from Maven Central) on http://localhost:8180, dev mode, run by
# supervisord, its accounts in the stack's MariaDB (database `keycloak`), so registrations survive restarts. The
# realm `flashsale` is imported from infra/keycloak/flashsale-realm.json only when the database does not have it
# yet: later edits of the file reach an existing database through the Admin API (ensure-realm-settings.ts,
# ensure-test-client.ts), never by re-import, which would delete the shoppers' accounts. The login pages use the
# repo's theme (infra/keycloak/themes/flashsale), read in place: dev mode does not cache themes, so an edit shows on
# the next page load.
# Sourced by infra/lib/stack.sh; `bash infra/keycloak.sh` runs it alone.

KC_VERSION=26.7.3
KC_CACHE="$CACHE_DIR/keycloak"
KC_HOME="$KC_CACHE/keycloak-$KC_VERSION"
KC_URL=http://localhost:8180
KC_REALM_URL="$KC_URL/realms/flashsale/.well-known/openid-configuration"

# A restart after kill -9 must serve again within seconds on two cores other processes keep busy, so the JVM is
# tuned for startup CPU rather than peak throughput: C1 only (no C2 threads compiling startup code that never
# runs again), the serial collector (no parallel GC threads), and a class-data archive of the classes startup
# loads. The JVM writes the archive on its first clean exit and re-creates it itself when the JDK or the dist
# changes; its cds log lines (classes it cannot archive) are noise. The `-UseG1GC` undoes kc.sh's default.
KC_JAVA_OPTS="-XX:-UseG1GC -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+AutoCreateSharedArchive \
-XX:SharedArchiveFile=$KC_CACHE/keycloak-$KC_VERSION.jsa -Xlog:cds=off,aot=off"

keycloak_ready() { url_ok "$KC_REALM_URL"; }

# --import-realm reads and parses the whole realm file on every start, even when the import is then skipped:
# ask for it only while the database lacks the realm (a fresh or reset database, or one we cannot query).
keycloak_realm_in_db() {
  [ "$(MYSQL_PWD=keycloak "$(mysql_client)" --no-defaults --protocol=tcp -h127.0.0.1 -P"$MARIADB_PORT" -ukeycloak \
    -N -B keycloak -e "SELECT COUNT(*) FROM REALM WHERE NAME = 'flashsale'" 2>/dev/null)" = 1 ]
}

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }' | cut -d. -f1
}

# Keycloak 26.7 needs Java 21+; JAVA_HOME wins when it is new enough, then the Temurin 25 the machines ship.
keycloak_java_home() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    major=$(java_major "$candidate/bin/java")
    [ -n "$major" ] && [ "$major" -ge 21 ] && { printf '%s' "$candidate"; return 0; }
  done
  return 1
}

keycloak_fetch_dist() {
  if [ -x "$KC_HOME/bin/kc.sh" ]; then return 0; fi
  echo "downloading Keycloak $KC_VERSION with Maven into $KC_CACHE"
  mkdir -p "$KC_CACHE"
  flock "$CACHE_DIR/maven.lock" mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$KC_CACHE"
  tar xzf "$KC_CACHE/keycloak-quarkus-dist-$KC_VERSION.tar.gz" -C "$KC_CACHE"
  [ -x "$KC_HOME/bin/kc.sh" ] || { echo "unexpected archive layout: $KC_HOME/bin/kc.sh missing"; return 1; }
}

# Runs in the background while the rest of the stack starts (after MariaDB): download, copy the realm, then
# supervisord starts the server.
keycloak_launch() {
  if keycloak_ready && supervised keycloak; then
    echo "Keycloak already running"
    return 0
  fi
  if port_open 8180 && ! live_pid keycloak >/dev/null; then
    echo "port 8180 is taken by a process that is not our Keycloak (nothing answers $KC_REALM_URL)"
    return 1
  fi
  keycloak_java_home >/dev/null || {
    echo "Keycloak $KC_VERSION needs Java 21 or newer: set JAVA_HOME to one (looked in JAVA_HOME and /usr/lib/jvm)"
    return 1
  }
  keycloak_fetch_dist
  mkdir -p "$KC_HOME/data/import"
  # Directory imports need the file named <realm>-realm.json; it is skipped when the realm exists in the database.
  cp "$ROOT/infra/keycloak/flashsale-realm.json" "$KC_HOME/data/import/"
  svc_start keycloak
  echo "Keycloak started by supervisord with $(keycloak_java_home) (pid $(live_pid keycloak || echo '?'))"
}

# The foreground server supervisord runs (infra/supervisor/run-program.sh). The hostname is pinned so the token
# issuer is always http://localhost:8180/realms/flashsale. The bootstrap admin only takes effect on an empty
# database. Dev mode stays: a pre-built `start --optimized` spends as much CPU on startup and needs a rebuild.
keycloak_exec() {
  local java_home import_realm=(--import-realm)
  java_home=$(keycloak_java_home) || { echo "Keycloak needs Java 21 or newer"; exit 78; }
  if keycloak_realm_in_db; then import_realm=(); fi
  # Without validation the pool keeps the connections a MariaDB restart closed, and every login fails until
  # Keycloak itself restarts: each borrowed connection is checked first, idle ones every 10 s.
  exec env JAVA_HOME="$java_home" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m -XX:MaxMetaspaceSize=256m" \
    JAVA_OPTS_APPEND="$KC_JAVA_OPTS" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    QUARKUS_DATASOURCE_JDBC_VALIDATION_QUERY_SQL="SELECT 1" QUARKUS_DATASOURCE_JDBC_VALIDATE_ON_BORROW=true \
    QUARKUS_DATASOURCE_JDBC_BACKGROUND_VALIDATION_INTERVAL=10s \
    "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=8180 --http-management-port=9190 \
    --hostname="$KC_URL" "${import_realm[@]}" --cache=local \
    --db=mariadb --db-url="jdbc:mariadb://127.0.0.1:$MARIADB_PORT/keycloak" --db-username=keycloak --db-password=keycloak \
    --spi-theme--folder--dir="$ROOT/infra/keycloak/themes"
}

# Two JVM launches (re-augmentation, then the server) on two cores: the first start can take minutes.
keycloak_wait() {
  wait_until "${KEYCLOAK_READY_TIMEOUT:-240}" keycloak "$LOG_DIR/keycloak.log" keycloak_ready
}

# The test-only client `flashsale-test` (direct access grants) is added through the Admin API, never in the realm file.
# The same step gives a realm that predates them the realm file's later settings (login theme, the shop's URL).
keycloak_ensure_test_client() {
  "$ROOT/node_modules/.bin/tsx" "$ROOT/infra/keycloak/ensure-realm-settings.ts" >>"$LOG_DIR/setup.log" 2>&1 \
    || die "applying the realm settings (login theme) to Keycloak failed" "$LOG_DIR/setup.log"
  "$ROOT/node_modules/.bin/tsx" "$ROOT/infra/keycloak/ensure-test-client.ts" >>"$LOG_DIR/setup.log" 2>&1 \
    || die "adding the Keycloak test client failed" "$LOG_DIR/setup.log"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  source "$ROOT/infra/lib/stack.sh"
  supervisor_up
  keycloak_launch
  keycloak_wait
fi
