import { readFileSync } from "node:fs";
import path from "node:path";
import type { Cluster } from "ioredis";
import { mapLimit, sleep } from "@/bench/concurrency";
import { benchPrice, createBenchCoupon, retireBenchCoupon } from "@/bench/sale";
import { loadShoppers } from "@/bench/shoppers";
import { checkInvariants, creditsOf, waitForOrdersSettled } from "@/chaos/invariants";
import { runSaleUnderLoad, type LoadStats } from "@/chaos/sale-under-load";
import { couponKeys } from "@/server/keys/coupon-keys";
import { env } from "@/server/env";
import { closeConnections } from "@/server/infra/close-connections";
import { kafka, partitionOfKey } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";
import { keySlot } from "@/server/infra/redis-client";
import { APP_PORTS, PID_DIR, WORKER_PORTS, kafkaProcessName, redisProcessName } from "@/infra/cluster/topology";

/**
 * A flash sale on the cluster with two faults in its middle: the Kafka broker leading the coupon's partition is
 * killed (kill -9), then the Redis master holding the coupon's hash slot. Shoppers behave like the web app (one
 * click, the same Idempotency-Key on every retry) and are split over both app instances. Afterwards: every 202
 * PAID exactly once, nobody charged or owning twice, stock conserved in MySQL and Redis, every shopper answered.
 */

const SHOPPERS = 240;
const STOCK = 160;
const SPREAD_MS = 12_000;
const KAFKA_KILL_AT_MS = 4_000;
const REDIS_KILL_AT_MS = 5_500;

function pidOf(name: string): number {
  return Number(readFileSync(path.join(PID_DIR, `${name}.pid`), "utf8").trim());
}

function killByPid(name: string): string {
  const pid = pidOf(name);
  process.kill(pid, "SIGKILL");
  return `${name} (pid ${pid})`;
}

async function leaderOfCouponPartition(couponId: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [env.KAFKA_ORDERS_TOPIC] });
    const partitions = topics[0]?.partitions ?? [];
    const partition = partitionOfKey(env.KAFKA_ORDERS_TOPIC, String(couponId), partitions.length);
    const leader = partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined) throw new Error(`no leader for partition ${partition}`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}

function masterPortOfCoupon(couponId: number): number {
  const owner = (redis as Cluster).slots[keySlot(couponKeys(couponId).stock)]?.[0];
  if (!owner) throw new Error("the cluster client has no slot map");
  return Number(owner.split(":")[1]);
}

async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(" ").pop() ?? 0), 0);
}

function merge(parts: LoadStats[]): LoadStats {
  const byStatus: Record<string, number> = {};
  for (const part of parts)
    for (const [status, n] of Object.entries(part.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  return {
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
    byStatus,
    clientErrors: parts.reduce((sum, p) => sum + p.clientErrors, 0),
    results: parts.flatMap((p) => p.results),
    lastAcceptAtMs: Math.max(...parts.map((p) => p.lastAcceptAtMs)),
  };
}

async function main() {
  if (!(redis as Cluster).isCluster)
    throw new Error("REDIS_CLUSTER_NODES is not set: this phase runs on the cluster only");
  const shoppers = await loadShoppers(SHOPPERS, 20 * 60_000, () => undefined);
  const bases = APP_PORTS.map((port) => `http://127.0.0.1:${port}`);
  // Their users rows, with starting credit, exist before the sale, so the credit check covers every buyer.
  await mapLimit(shoppers, 16, async (shopper, i) => {
    const response = await fetch(`${bases[i % bases.length]}/api/me`, {
      headers: { authorization: `Bearer ${shopper.accessToken}` },
    });
    if (!response.ok) throw new Error(`GET /api/me for ${shopper.username}: ${response.status}`);
    await response.text();
  });
  const couponId = await createBenchCoupon("cluster failover", STOCK, { warm: true });
  const creditBefore = await creditsOf(shoppers.map((s) => s.id));
  const resentBefore = (await Promise.all(APP_PORTS.map((p) => metric(p, "order_batches_resent_total")))).reduce(
    (a, b) => a + b,
    0,
  );
  const sweptBefore = (await Promise.all(APP_PORTS.map((p) => metric(p, "orders_left_to_sweeper_total")))).reduce(
    (a, b) => a + b,
    0,
  );

  const halves = bases.map((_, i) => shoppers.filter((__, j) => j % bases.length === i));
  const started = Date.now();
  const load = Promise.all(
    bases.map((baseUrl, i) =>
      runSaleUnderLoad({
        baseUrl,
        couponId,
        shoppers: halves[i]!,
        spreadMs: SPREAD_MS,
        giveUpAfterMs: SPREAD_MS + 60_000,
      }),
    ),
  );

  await sleep(KAFKA_KILL_AT_MS);
  const broker = await leaderOfCouponPartition(couponId);
  const kafkaKill = `Kafka ${killByPid(kafkaProcessName(broker))}, leader of the coupon's partition, at +${((Date.now() - started) / 1000).toFixed(1)} s`;
  await sleep(Math.max(0, REDIS_KILL_AT_MS - (Date.now() - started)));
  const master = masterPortOfCoupon(couponId);
  const redisKill = `Redis master ${killByPid(redisProcessName(master))}, holding the coupon's slot, at +${((Date.now() - started) / 1000).toFixed(1)} s`;

  const stats = merge(await load);
  const saleSeconds = (Date.now() - started) / 1000;
  const orderIds = stats.results.flatMap((r) => (r.orderId ? [r.orderId] : []));
  const settleStarted = Date.now();
  const settled = await waitForOrdersSettled(couponId, orderIds, 150_000);
  const settleSeconds = (Date.now() - settleStarted) / 1000;
  const outcome = await checkInvariants({ couponId, price: benchPrice, results: stats.results, creditBefore });
  const broken = [...outcome.broken];
  if (!settled) broken.push("accepted orders not all settled within 150 s");
  const gaveUp = stats.results.filter((r) => r.gaveUp).length;
  if (gaveUp > 0) broken.push(`${gaveUp} shoppers never got an answer`);
  if (outcome.accepted === 0) broken.push("no order was accepted: the run proves nothing");
  const resent =
    (await Promise.all(APP_PORTS.map((p) => metric(p, "order_batches_resent_total")))).reduce((a, b) => a + b, 0) -
    resentBefore;
  const swept =
    (await Promise.all(APP_PORTS.map((p) => metric(p, "orders_left_to_sweeper_total")))).reduce((a, b) => a + b, 0) -
    sweptBefore;
  const workersUp = await Promise.all(
    WORKER_PORTS.map(async (p) => (await fetch(`http://127.0.0.1:${p}/healthz`).catch(() => undefined))?.ok === true),
  );
  if (workersUp.some((up) => !up)) broken.push("a payment worker is not healthy after the sale");
  await retireBenchCoupon(couponId, true).catch(() => undefined);

  const soldOut = outcome.accepted === STOCK;
  process.stdout.write(
    [
      `  sale: coupon ${couponId}, stock ${STOCK}, ${SHOPPERS} shoppers over ${APP_PORTS.length} instances, ${saleSeconds.toFixed(1)} s`,
      `  killed ${kafkaKill}`,
      `  killed ${redisKill}`,
      `  requests ${stats.requests}; answers ${Object.entries(stats.byStatus)
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ")}`,
      `  accepted (202) ${outcome.accepted}${soldOut ? " = stock (sold out)" : ""}, PAID ${outcome.paid}, FAILED ${JSON.stringify(outcome.failedByReason)}, still PENDING ${outcome.pending}`,
      `  settled ${settleSeconds.toFixed(1)} s after the last answer; order batches re-sent ${resent}, left to the sweeper ${swept}; client errors ${stats.clientErrors}`,
      "  invariants:",
      `    every 202 PAID exactly once ............ ${outcome.paid === outcome.accepted && outcome.pending === 0 ? "holds" : "BROKEN"}`,
      `    no unit sold twice / stock conserved ... ${broken.some((b) => /stock|own|charged|credit/.test(b)) ? "BROKEN" : "holds"}`,
      `    every shopper answered ................. ${gaveUp === 0 ? "holds" : "BROKEN"}`,
      broken.length === 0 ? "  all invariants hold" : `  BROKEN: ${broken.join("; ")}`,
      "",
    ].join("\n"),
  );
  await closeConnections();
  if (broken.length > 0) throw new Error(broken.join("; "));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`sale phase failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
