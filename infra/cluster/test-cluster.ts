import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { ProcessGroup, killLeftovers, run, waitUntil } from "@/infra/cluster/processes";
import { isPortOpen } from "@/infra/lib/port-open";
import { topology } from "@/infra/topology";
import {
  ALL_PORTS,
  APP_PORTS,
  CLUSTER_DATABASE,
  KAFKA_NODE_IDS,
  LOG_DIR,
  ORDERS_TOPIC,
  PID_DIR,
  REDIS_PORTS,
  RUN_DIR,
  WORKER_PORTS,
  clusterEnv,
  kafkaBrokerPort,
  kafkaControllerPort,
  kafkaProcessName,
  redisProcessName,
} from "@/infra/cluster/topology";

/**
 * npm run test:cluster — the app on the topology it would scale out to, on one machine: a Redis Cluster of 3
 * masters + 3 replicas, a 3-broker KRaft Kafka (replication factor 3, min.insync.replicas 2), two app instances
 * and two payment workers in one consumer group, on the stack's MariaDB (its own database) and Keycloak.
 * It runs the purchase, settlement, realtime and cache suites there, then produces numbered order events
 * through a broker kill (every acknowledged one must arrive), then sells a sale while one Kafka broker and one
 * Redis master are killed (kill -9), and checks the sale's invariants. Everything it started is stopped by
 * pid at the end, also on failure or Ctrl-C. Not part of `npm test` (minutes, ~1.5 GB).
 */

const KAFKA_LIBS = path.join(
  process.env.FLASHSALE_CACHE_DIR ?? path.join(os.homedir(), ".cache", "flash-sale"),
  "kafka",
  "libs",
);
/** Any fixed base64 UUID: a random one costs another JVM start per run. */
const KAFKA_CLUSTER_ID = "MkU3OEVBNTcwNTJENDM2Qk";
const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");

const SUITES = [
  "tests/integration/purchase-settlement.integration.test.ts",
  "tests/integration/batch-settlement.integration.test.ts",
  "tests/integration/sweeper.integration.test.ts",
  "tests/integration/purchase-http.integration.test.ts",
  "tests/integration/realtime-server.integration.test.ts",
  "tests/integration/realtime-stack.integration.test.ts",
  "server/features/catalogue/catalogue.integration.test.ts",
  "server/http/catalogue-routes.integration.test.ts",
];

const group = new ProcessGroup(PID_DIR, LOG_DIR);
const timings: [string, number][] = [];
const say = (line: string) => process.stdout.write(`[cluster] ${line}\n`);

async function phase<T>(name: string, body: () => Promise<T>): Promise<T> {
  say(`${name} …`);
  const started = performance.now();
  const value = await body();
  const ms = performance.now() - started;
  timings.push([name, ms]);
  say(`${name}: done in ${(ms / 1000).toFixed(1)} s`);
  return value;
}

async function preflight() {
  const leftovers = await killLeftovers(PID_DIR, RUN_DIR);
  if (leftovers.length > 0) say(`stopped leftovers of an interrupted run (by recorded pid): ${leftovers.join(", ")}`);
  const busy: number[] = [];
  for (const port of ALL_PORTS) if (await isPortOpen(port)) busy.push(port);
  if (busy.length > 0) {
    throw new Error(
      `ports already in use: ${busy.join(", ")}. This harness never stops what it did not start; free them and run again.`,
    );
  }
  const missing = [
    [existsSync(path.join(KAFKA_LIBS, "kafka_2.13-4.2.1.jar")), `Kafka jars in ${KAFKA_LIBS} (run npm start once)`],
    [await isPortOpen(3307), "the stack's MariaDB on 3307 (run npm start)"],
    [existsSync(path.join(process.cwd(), ".next", "BUILD_ID")), "the Next.js build (.next; run npm start)"],
    [await isPortOpen(8180), "Keycloak on 8180 (run npm start)"],
  ].flatMap(([ok, what]) => (ok ? [] : [what as string]));
  if (missing.length > 0) throw new Error(`missing: ${missing.join("; ")}`);
  // The custom server runs the sources through tsx, but Next's route handlers run the built bundle.
  const builtAt = statSync(path.join(process.cwd(), ".next", "BUILD_ID")).mtimeMs;
  const newer = newestMtime(["server", "app"]);
  if (newer > builtAt)
    say(
      "WARNING: the Next.js build is older than server/ or app/: App Router routes run the old code (npm start rebuilds it)",
    );
}

function newestMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

async function startRedisCluster() {
  const dataDir = path.join(RUN_DIR, "redis");
  rmSync(dataDir, { recursive: true, force: true });
  for (const port of REDIS_PORTS) {
    const dir = path.join(dataDir, String(port));
    mkdirSync(dir, { recursive: true });
    // cluster-node-timeout 2000: a dead master is replaced in ~3 s instead of ~20 s with the default 15 s.
    // repl-diskless-sync-delay 0: replicas link at once instead of after 5 s. No persistence: a test cluster.
    group.start(redisProcessName(port), "redis-server", [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      "nodes.conf",
      "--cluster-node-timeout",
      "2000",
      "--repl-diskless-sync-delay",
      "0",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      dir,
    ]);
  }
  for (const port of REDIS_PORTS) await waitUntil(`redis ${port}`, 15_000, () => isPortOpen(port), 100);
  await run(
    "redis-cli",
    ["--cluster", "create", ...REDIS_PORTS.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
    { capture: true },
  );
  await waitUntil("Redis Cluster state ok with every replica linked", 30_000, async () => {
    for (const port of REDIS_PORTS) {
      const info = await run("redis-cli", ["-p", String(port), "cluster", "info"], { capture: true });
      if (!info.includes("cluster_state:ok")) return false;
      const replication = await run("redis-cli", ["-p", String(port), "info", "replication"], { capture: true });
      if (replication.includes("role:slave") && !replication.includes("master_link_status:up")) return false;
    }
    return true;
  });
  // Born now, not at the first sale's warm-up: a Redis younger than 6 s defers every stock rebuild
  // (stock-rebuild-gate.ts), and the first sale comes only seconds after the apps start.
  await run("redis-cli", ["-c", "-p", String(REDIS_PORTS[0]), "set", "redis:epoch", String(Date.now()), "NX"], {
    capture: true,
  });
}

function kafkaProperties(nodeId: number, dataDir: string): string {
  const voters = KAFKA_NODE_IDS.map((id) => `${id}@127.0.0.1:${kafkaControllerPort(id)}`).join(",");
  return [
    "process.roles=broker,controller",
    `node.id=${nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafkaBrokerPort(nodeId)},CONTROLLER://127.0.0.1:${kafkaControllerPort(nodeId)}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafkaBrokerPort(nodeId)}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    `log.dirs=${dataDir}`,
    "num.partitions=6",
    "default.replication.factor=3",
    "min.insync.replicas=2",
    "auto.create.topics.enable=false",
    "offsets.topic.replication.factor=3",
    "transaction.state.log.replication.factor=3",
    "transaction.state.log.min.isr=2",
    "share.coordinator.state.topic.replication.factor=3",
    "share.coordinator.state.topic.min.isr=2",
    "group.initial.rebalance.delay.ms=0",
    // Test-only failure detection: a dead broker loses its leaderships in ~3 s instead of 9-11 s, fast enough
    // for a leader to move while a produce request is still being retried (the kafkajs trap this run checks).
    "broker.session.timeout.ms=3000",
    "broker.heartbeat.interval.ms=500",
    "controller.quorum.fetch.timeout.ms=1000",
    "controller.quorum.election.timeout.ms=500",
    "",
  ].join("\n");
}

const kafkaConfigPath = (nodeId: number) => path.join(RUN_DIR, "kafka", `n${nodeId}.properties`);

function startKafkaNode(nodeId: number) {
  group.start(kafkaProcessName(nodeId), "java", [
    "-Xms128m",
    "-Xmx384m",
    "-XX:+UseG1GC",
    "-XX:TieredStopAtLevel=1",
    "-Djava.awt.headless=true",
    `-Dkafka.logs.dir=${path.join(LOG_DIR, `kafka-${nodeId}-logs`)}`,
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-cp",
    `${KAFKA_LIBS}/*`,
    "kafka.Kafka",
    kafkaConfigPath(nodeId),
  ]);
}

async function startKafka() {
  const dir = path.join(RUN_DIR, "kafka");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await Promise.all(
    KAFKA_NODE_IDS.map(async (id) => {
      writeFileSync(kafkaConfigPath(id), kafkaProperties(id, path.join(dir, `n${id}`)));
      await run(
        "java",
        [
          "-XX:TieredStopAtLevel=1",
          "-cp",
          `${KAFKA_LIBS}/*`,
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "kafka.tools.StorageTool",
          "format",
          "-t",
          KAFKA_CLUSTER_ID,
          "-c",
          kafkaConfigPath(id),
        ],
        { capture: true },
      );
    }),
  );
  for (const id of KAFKA_NODE_IDS) startKafkaNode(id);
  await waitForKafka([]);
}

const kafkaAdmin = () =>
  new Kafka({
    clientId: "cluster-harness",
    brokers: KAFKA_NODE_IDS.map((id) => `127.0.0.1:${kafkaBrokerPort(id)}`),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  }).admin();

/** Waits until all three brokers are registered and every partition of `topics` has all three replicas in sync. */
async function waitForKafka(topics: string[]) {
  await waitUntil(
    "3 Kafka brokers, every replica in sync",
    120_000,
    async () => {
      const admin = kafkaAdmin();
      await admin.connect();
      try {
        const { brokers } = await admin.describeCluster();
        if (brokers.length < 3) return false;
        if (topics.length === 0) return true;
        const metadata = await admin.fetchTopicMetadata({ topics });
        return metadata.topics.every((topic) => topic.partitions.every((p) => p.isr.length === 3));
      } finally {
        await admin.disconnect();
      }
    },
    500,
  );
}

async function prepareDatabase() {
  const grants = ["127.0.0.1", "localhost"]
    .map((host) => `GRANT ALL PRIVILEGES ON ${CLUSTER_DATABASE}.* TO 'flashsale'@'${host}';`)
    .join(" ");
  await run("mariadb", [
    // root logs in without a password on loopback only (infra/mysql.sh).
    "--no-defaults",
    "--host=127.0.0.1",
    "--port=3307",
    "-uroot",
    "-e",
    `DROP DATABASE IF EXISTS ${CLUSTER_DATABASE}; CREATE DATABASE ${CLUSTER_DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; ${grants}`,
  ]);
  await run(TSX, ["scripts/migrate.ts"], { env: clusterEnv() });
  await run(TSX, ["scripts/create-topics.ts"], { env: clusterEnv() });
}

async function startApps() {
  // The local stack's switches, node flags and entry (infra/lib/stack.sh): test-client tokens, and the bench
  // entry's `x-bench-door` switch that purchase-http checks.
  const localOnly: Record<string, string> = {
    NODE_ENV: "production",
    ALLOW_TEST_CLIENT: "true",
    BENCH_STRATEGIES_ENABLED: "true",
    FLASHSALE_LOCAL_STACK: "true",
  };
  APP_PORTS.forEach((port, i) => {
    group.start(`app-${i + 1}`, process.execPath, [...topology.app.nodeFlags, "--import", "tsx", "bench/server.ts"], {
      env: { ...clusterEnv(), ...localOnly, PORT: String(port), INSTANCE_ID: `cluster-app-${i + 1}` },
      graceful: true,
    });
  });
  WORKER_PORTS.forEach((port, i) => {
    group.start(`worker-${i + 1}`, process.execPath, ["--import", "tsx", "workers/payment-worker.ts"], {
      env: { ...clusterEnv(), ...localOnly, WORKER_PORT: String(port), INSTANCE_ID: `cluster-worker-${i + 1}` },
      graceful: true,
    });
  });
  const ok = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  await Promise.all([
    ...APP_PORTS.map((port, i) =>
      waitUntil(
        `app-${i + 1} ready (logs/cluster/app-${i + 1}.log)`,
        180_000,
        () => ok(`http://127.0.0.1:${port}/readyz`),
        500,
      ),
    ),
    ...WORKER_PORTS.map((port, i) =>
      waitUntil(
        `worker-${i + 1} healthy (logs/cluster/worker-${i + 1}.log)`,
        120_000,
        () => ok(`http://127.0.0.1:${port}/healthz`),
        500,
      ),
    ),
  ]);
}

/** A broker the producer phase killed comes back (a new pid, recorded), and catches up before the sale. */
async function restartDeadBrokers() {
  const dead = KAFKA_NODE_IDS.filter((id) => !group.isAlive(kafkaProcessName(id)));
  for (const id of dead) startKafkaNode(id);
  if (dead.length > 0) say(`restarted Kafka broker(s) ${dead.join(", ")}`);
  await waitForKafka([ORDERS_TOPIC]);
}

async function main() {
  const started = performance.now();
  await phase("preflight (ports, leftovers, prerequisites)", preflight);
  await phase("start Redis Cluster (3+3) and Kafka (3 brokers)", () =>
    Promise.all([startRedisCluster(), startKafka()]),
  );
  await phase(`database ${CLUSTER_DATABASE}, migrations, topics (RF 3, min ISR 2)`, prepareDatabase);
  await phase("start 2 app instances and 2 payment workers", startApps);
  // While working on one part: --skip-suites, --suite <file> (repeatable), --skip-failures.
  const chosen = process.argv.flatMap((arg, i) => (process.argv[i - 1] === "--suite" ? [arg] : []));
  const suites = chosen.length > 0 ? chosen : SUITES;
  if (!process.argv.includes("--skip-suites")) {
    await phase("integration suites on the cluster", () =>
      run("bash", ["tests/run-node-tests.sh", "integration", ...suites], { env: clusterEnv() }),
    );
  }
  if (process.argv.includes("--skip-failures")) return;
  // --producer-control: the producer phase with plain kafkajs retries instead of the app's publisher (expected to fail).
  const probe: Record<string, string> = process.argv.includes("--producer-control")
    ? { PRODUCER_PROBE: "kafkajs-retries" }
    : {};
  await phase("producer through a Kafka broker kill", () =>
    run(TSX, ["infra/cluster/producer-through-broker-kill.ts"], { env: { ...clusterEnv(), ...probe } }),
  );
  await phase("bring the killed broker back", restartDeadBrokers);
  await phase("sale with a Kafka broker and a Redis master killed", () =>
    run(TSX, ["infra/cluster/sale-through-failures.ts"], { env: clusterEnv() }),
  );
  const total = performance.now() - started;
  say("timings:");
  for (const [name, ms] of timings) say(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
  say(`PASSED in ${(total / 1000).toFixed(0)} s (plus teardown)`);
}

let stopping: Promise<void> | undefined;
const teardown = () => {
  stopping ??= (async () => {
    const started = performance.now();
    await group.stopAll();
    say(`stopped everything this run started, by pid, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  })();
  return stopping;
};

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: stopping what this run started`);
    void teardown().finally(() => process.exit(130));
  });
}

main().then(
  () => teardown().then(() => process.exit(0)),
  (error: unknown) => {
    process.stderr.write(
      `[cluster] FAILED: ${error instanceof Error ? error.message : String(error)}\n[cluster] logs: ${LOG_DIR}\n`,
    );
    void teardown().finally(() => process.exit(1));
  },
);
