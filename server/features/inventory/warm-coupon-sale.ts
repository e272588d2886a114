import type { RedisClient } from "@/server/infra/redis-client";
import { env } from "@/server/env";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import {
  couponCreatedAtMs,
  findSale,
  hasSettledOrders,
  listSellableCouponIds,
  withSaleLocked,
  type SaleRecord,
} from "@/server/features/inventory/sale-repository";
import { saleRoomSettings } from "@/server/features/inventory/sale-room-settings";
import { runWarmSale } from "@/server/features/inventory/scripts";
import {
  CLOCK_SKEW_MARGIN_MS,
  judgeRebuild,
  needsDrainedBacklog,
  type RebuildVerdict,
} from "@/server/features/inventory/stock-rebuild-gate";
import { ORDERS_CONSUMER_GROUP, consumerLagByPartition, partitionOfKey } from "@/server/infra/kafka";
import { tryWithLock } from "@/server/infra/lock";
import { childLogger } from "@/server/infra/logger";
import { redis as sharedRedis } from "@/server/infra/redis";
import { openRoom } from "@/server/features/waiting-room/room-scripts";

const log = childLogger("warm-sale");

export type WarmOutcome =
  | { status: "loaded" | "kept"; stock: number }
  /** Unknown coupon: a short-lived DISABLED sale hash now answers NOT_FOUND without another MySQL read. */
  | { status: "not-found" }
  /** Another process holds the warm-up lock for this coupon right now. */
  | { status: "busy" }
  /**
   * The stock cannot be rebuilt yet: orders accepted before Redis lost its data may still be unsettled
   * (stock-rebuild-gate.ts). The sale rules are written; purchases answer 503 until a later warm-up loads it.
   */
  | { status: "deferred"; reason: string };

export interface WarmOptions {
  force?: boolean;
  redis?: RedisClient;
  /** How long to keep trying while the rebuild is deferred (0: answer at once, as the purchase path needs). */
  waitMs?: number;
  /** The settlement backlog to wait for; the orders topic and the payment workers' group unless a test says. */
  backlog?: { topic: string; groupId: string };
}

/**
 * Set once (NX) by the first warm-up on a Redis; it survives restarts with the append-only file. Missing means
 * this Redis is new or lost its data, and every stock rebuild waits for the settlement backlog.
 */
export const redisEpochKey = "redis:epoch";
const DEFERRED_POLL_MS = 250;
/** Every purchase of a closed sale asks for a rebuild; one line per coupon per interval tells the story. */
const DEFERRAL_LOG_INTERVAL_MS = 5_000;
const deferralLoggedAt = new Map<number, number>();

/** Long enough to absorb a flood of purchases for an id that does not exist; short enough for a new coupon. */
const UNKNOWN_COUPON_TTL_MS = 30_000;
const LOCK_LEASE_MS = 5_000;

export function warmLockKey(couponId: number): string {
  return `lock:warm:{coupon:${couponId}}`;
}

/**
 * Loads one coupon's sale into Redis: the sale hash always (the admin calls this after every edit), and the
 * stock and buyers only when the stock key is missing, or when `force` is set (reconcile --fix). A live stock
 * key is never clobbered otherwise: it is the reservation ledger. stock = DB stock − unsettled pending
 * records; buyers = owners of PAID orders ∪ users of unsettled pending records. Idempotent: running it twice
 * changes nothing, and it never resurrects a unit held by a pending order.
 * Runs under a per-coupon mutex so a flood of purchases that all found the key missing rebuilds it once.
 * A rebuild of the stock (key missing, or forced) first passes stock-rebuild-gate.ts; while it is deferred only
 * the sale rules are written.
 */
export async function warmCouponSale(couponId: number, options: WarmOptions = {}): Promise<WarmOutcome> {
  const client = options.redis ?? sharedRedis;
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const attempt = await tryWithLock(warmLockKey(couponId), () => loadSale(client, couponId, options), {
      leaseMs: LOCK_LEASE_MS,
      client,
    });
    const outcome: WarmOutcome = attempt.acquired ? attempt.value : { status: "busy" };
    if ((outcome.status !== "deferred" && outcome.status !== "busy") || Date.now() + DEFERRED_POLL_MS > deadline)
      return outcome;
    await new Promise((resolve) => setTimeout(resolve, DEFERRED_POLL_MS));
  }
}

async function loadSale(redis: RedisClient, couponId: number, options: WarmOptions): Promise<WarmOutcome> {
  const force = options.force ?? false;
  const keys = couponKeys(couponId);
  if (!force && (await redis.exists(keys.stock)) === 1) {
    // The common admin case: rules changed, the live stock stays. No row lock needed.
    const sale = await findSale(couponId);
    if (!sale) return markUnknown(redis, couponId);
    await openSaleRoom(redis, sale);
    return runWarmSale(redis, {
      ...saleArgs(sale),
      couponId,
      force: false,
      dbStock: sale.stock,
      settledOrderIds: [],
      owners: [],
    }).then((result) => finish(redis, couponId, result));
  }
  const sale = await findSale(couponId);
  if (!sale) return markUnknown(redis, couponId);
  const verdict = await judgeStockRebuild(redis, couponId, force, options.backlog);
  if (!verdict.allowed) {
    // The rules still apply at once (a pause, a new window, the room); only the stock waits.
    await openSaleRoom(redis, sale);
    await redis.multi().hset(keys.sale, saleArgs(sale)).persist(keys.sale).exec();
    const now = Date.now();
    if (now - (deferralLoggedAt.get(couponId) ?? 0) >= DEFERRAL_LOG_INTERVAL_MS) {
      deferralLoggedAt.set(couponId, now);
      log.warn({ couponId, reason: verdict.reason }, "stock rebuild deferred until the settlement backlog is drained");
    }
    return { status: "deferred", reason: verdict.reason };
  }
  const result = await withSaleLocked(couponId, async (reader) => {
    // Read the pending hash under the row lock: no PAID settlement for this coupon can commit until we are done.
    const pendingIds = await redis.hkeys(keys.pending);
    const settled = await reader.settledOrderIds(pendingIds);
    const owners = await reader.paidOwners();
    await openSaleRoom(redis, reader.sale);
    return runWarmSale(redis, {
      ...saleArgs(reader.sale),
      couponId,
      force,
      dbStock: reader.sale.stock,
      settledOrderIds: settled,
      owners,
    });
  });
  if (!result) return markUnknown(redis, couponId);
  return finish(redis, couponId, result);
}

/** Gathers the facts stock-rebuild-gate.ts judges; Kafka is asked only when the rebuild might follow a loss. */
async function judgeStockRebuild(
  redis: RedisClient,
  couponId: number,
  force: boolean,
  backlog: WarmOptions["backlog"],
): Promise<RebuildVerdict> {
  const now = await redisNowMs(redis);
  await redis.set(redisEpochKey, String(now), "NX");
  const epoch = Number(await redis.get(redisEpochKey));
  const epochMs = Number.isFinite(epoch) ? epoch : now;
  const createdAtMs = await couponCreatedAtMs(couponId);
  const facts = {
    redisAgeMs: now - epochMs,
    hasSettledOrders: await hasSettledOrders(couponId),
    force,
    createdAfterRedisEpoch: createdAtMs !== undefined && createdAtMs > epochMs + CLOCK_SKEW_MARGIN_MS,
  };
  if (!needsDrainedBacklog(facts)) return { allowed: true };
  return judgeRebuild(
    facts,
    await partitionLag(couponId, backlog ?? { topic: env.KAFKA_ORDERS_TOPIC, groupId: ORDERS_CONSUMER_GROUP }),
  );
}

/** Uncommitted events on the partition this coupon's orders go to; null when Kafka does not answer. */
async function partitionLag(couponId: number, backlog: { topic: string; groupId: string }): Promise<number | null> {
  try {
    const byPartition = await consumerLagByPartition(backlog.groupId, backlog.topic, 1_000);
    if (byPartition.size === 0) return null;
    return byPartition.get(partitionOfKey(backlog.topic, String(couponId), byPartition.size)) ?? null;
  } catch (error) {
    log.warn({ err: error, couponId }, "settlement backlog unavailable");
    return null;
  }
}

async function redisNowMs(redis: RedisClient): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/**
 * A sale with its waiting room on gets the room set up (or retuned: room-open.lua keeps its line and counters)
 * before the sale hash's `room` flag says so, so the purchase script never enforces a room that does not exist.
 */
async function openSaleRoom(redis: RedisClient, sale: SaleRecord): Promise<void> {
  if (!sale.waitingRoom.enabled) return;
  const defaults = { admitPerSecond: env.ROOM_ADMIT_PER_SECOND_DEFAULT, admitTtlMs: env.ROOM_ADMISSION_TTL_MS };
  await openRoom(redis, sale.couponId, saleRoomSettings(sale, defaults));
}

/** The sale hash's fields, as warm-sale.lua writes them (and the deferred path, while the stock waits). */
function saleArgs(sale: SaleRecord) {
  const room: "1" | "0" = sale.waitingRoom.enabled ? "1" : "0";
  return { price: sale.price, startMs: sale.startMs, endMs: sale.endMs, state: sale.state, room };
}

async function finish(
  redis: RedisClient,
  couponId: number,
  result: { loaded: boolean; stock: number },
): Promise<WarmOutcome> {
  await redis.sadd(loadedSalesKey, String(couponId));
  if (result.loaded) log.info({ couponId, stock: result.stock }, "sale loaded into Redis");
  return { status: result.loaded ? "loaded" : "kept", stock: result.stock };
}

async function markUnknown(redis: RedisClient, couponId: number): Promise<WarmOutcome> {
  const { sale } = couponKeys(couponId);
  await redis
    .multi()
    .hset(sale, "state", "DISABLED", "startMs", 0, "endMs", 0, "price", 0)
    .pexpire(sale, UNKNOWN_COUPON_TTL_MS)
    .exec();
  return { status: "not-found" };
}

/**
 * Loads every sale that can still sell (npm start, scripts/warm-stock.ts). Live stock keys are kept. Waits a
 * while for deferred rebuilds (a new Redis waits out IN_FLIGHT_GRACE_MS); what is still deferred after that
 * loads on its first purchase once the backlog allows.
 */
export async function warmAllSales(options: { force?: boolean; redis?: RedisClient; waitMs?: number } = {}) {
  const ids = await listSellableCouponIds();
  const outcomes: Record<WarmOutcome["status"], number> = { loaded: 0, kept: 0, "not-found": 0, busy: 0, deferred: 0 };
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  for (const couponId of ids) {
    const outcome = await warmCouponSale(couponId, { ...options, waitMs: Math.max(0, deadline - Date.now()) });
    outcomes[outcome.status] += 1;
  }
  return { coupons: ids.length, ...outcomes };
}
