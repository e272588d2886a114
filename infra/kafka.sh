# Apache Kafka 4.2.1, single node, KRaft, on 127.0.0.1:9092 (controller 9093), run from the Maven Central jars.
# The jars are cached outside git; storage is formatted once under .run/kafka/data.
# Sourced by infra/lib/stack.sh; `bash infra/kafka.sh` runs it alone.

KAFKA_VERSION=4.2.1
KAFKA_LIBS="$CACHE_DIR/kafka/libs"
KAFKA_DIR="$RUN_DIR/kafka"
# Any fixed base64 UUID works for a single node; fixed keeps `format --ignore-formatted` idempotent.
KAFKA_CLUSTER_ID=MkU3OEVBNTcwNTJENDM2Qk

kafka_running() { port_open 9092; }

kafka_fetch_jars() {
  if [ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]; then return 0; fi
  echo "resolving Kafka $KAFKA_VERSION jars with Maven into $KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  # One Maven at a time: Keycloak's download runs in parallel and ~/.m2 has no locking of its own.
  flock "$CACHE_DIR/maven.lock" mvn -B -q -Dstyle.color=never -f "$ROOT/infra/kafka/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS"
  [ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ] || { echo "kafka_2.13-$KAFKA_VERSION.jar missing after mvn"; return 1; }
}

# Runs in the background while the rest of the stack starts: download, format, then supervisord starts the broker.
# Does not wait for readiness.
kafka_launch() {
  if kafka_running && supervised kafka; then
    echo "Kafka already running"
    return 0
  fi
  have java || { echo "java is missing (apt-get install -y openjdk-17-jre-headless)"; return 1; }
  kafka_fetch_jars
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  # StorageTool and the broker must see the same absolute log.dirs.
  sed "s|@DATA_DIR@|$KAFKA_DIR/data|" "$ROOT/infra/kafka/server.properties.template" >"$KAFKA_DIR/server.properties"
  java -cp "$KAFKA_LIBS/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn kafka.tools.StorageTool format \
    -t "$KAFKA_CLUSTER_ID" -c "$KAFKA_DIR/server.properties" --ignore-formatted
  svc_start kafka
  echo "Kafka started by supervisord (pid $(live_pid kafka || echo '?'))"
}

# The foreground broker supervisord runs (infra/supervisor/run-program.sh). Heap capped: the default is a quarter
# of RAM, and two JVMs share two cores with everything else.
kafka_exec() {
  exec java -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR/logs" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties"
}

kafka_wait() {
  wait_until "${KAFKA_READY_TIMEOUT:-120}" kafka "$LOG_DIR/kafka.log" kafka_running
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  source "$(dirname "$0")/lib/common.sh"
  source "$ROOT/infra/lib/stack.sh"
  supervisor_up
  kafka_launch
  kafka_wait
fi
