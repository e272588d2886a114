import { getMany, type RedisClient } from "@/server/infra/redis-client";
import { LRUCache } from "lru-cache";
import { catalogueTtl, jitteredTtlMs } from "@/server/features/catalogue/cache-ttl";
import { catalogueKeys } from "@/server/features/catalogue/catalogue-keys";
import { catalogueLookups } from "@/server/features/catalogue/catalogue-metrics";
import { couponIdInput, listCouponsInput, type ListCouponsInput } from "@/server/features/catalogue/catalogue-query";
import { catalogueRepository, type CatalogueRepository } from "@/server/features/catalogue/catalogue-repository";
import { couponStatus } from "@/server/features/catalogue/coupon-status";
import { couponImageUrl } from "@/server/features/catalogue/image-url";
import type {
  CachedCoupon,
  CachedPage,
  CouponDetailView,
  CouponPageView,
  CouponView,
} from "@/server/features/catalogue/types";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { tryWithLock } from "@/server/infra/lock";
import { childLogger } from "@/server/infra/logger";
import { createRedis, redis as sharedRedis } from "@/server/infra/redis";

const log = childLogger("catalogue");

const MISSING = "__missing__";

export interface CatalogueOptions {
  /** Namespace of every Redis key and the invalidation channel; tests use a unique one each. */
  prefix?: string;
  redis?: RedisClient;
  createSubscriber?: () => RedisClient;
  repository?: CatalogueRepository;
  /** Fill stock from the purchase path's live keys (one MGET per page). */
  liveStock?: boolean;
  imagesPublicUrl?: string;
  l1TtlMs?: number;
  l2TtlMs?: number;
  missingTtlMs?: number;
  /** Ids above the cached max id are 404 and pages past the cached count are empty, without MySQL; how long those bounds are trusted. */
  boundsTtlMs?: number;
  lockLeaseMs?: number;
  /** How long a request that lost the rebuild race polls L2 before answering 503. */
  lockWaitMs?: number;
  pollIntervalMs?: number;
  l1MaxEntries?: number;
  l1MaxBytes?: number;
}

type L1Entry = { value: unknown; bytes: number };

interface Source<T> {
  kind: "page" | "coupon" | "max_id" | "total";
  l1Key: string;
  /** The L2 key guarded by the mutex (one lock per content key). */
  l2Key: string;
  readL2: () => Promise<T | undefined>;
  writeL2: (value: T) => Promise<void>;
  load: () => Promise<T>;
  l1TtlMs: (value: T) => number;
}

export type Catalogue = ReturnType<typeof createCatalogue>;

/**
 * The catalogue read path: L1 (per-process LRU, 30 s) → L2 (Redis, 2 min ± jitter) → MySQL, where only the
 * holder of a per-key mutex may rebuild. Live stock is laid over whatever level answered.
 */
export function createCatalogue(options: CatalogueOptions = {}) {
  const prefix = options.prefix ?? "catalogue";
  const redis = options.redis ?? sharedRedis;
  const repository = options.repository ?? catalogueRepository;
  const liveStock = options.liveStock ?? env.CATALOGUE_LIVE_STOCK;
  const imagesPublicUrl = options.imagesPublicUrl ?? env.IMAGES_PUBLIC_URL;
  const l1TtlMs = options.l1TtlMs ?? catalogueTtl.l1Ms;
  const l2TtlMs = options.l2TtlMs ?? catalogueTtl.l2Ms;
  const missingTtlMs = options.missingTtlMs ?? catalogueTtl.missingMs;
  const boundsTtlMs = options.boundsTtlMs ?? 10_000;
  const lockLeaseMs = options.lockLeaseMs ?? 3_000;
  const lockWaitMs = options.lockWaitMs ?? 150;
  const pollIntervalMs = options.pollIntervalMs ?? 20;
  const keys = catalogueKeys(prefix);

  const l1 = new LRUCache<string, L1Entry>({
    max: options.l1MaxEntries ?? 5_000,
    maxSize: options.l1MaxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
    ttl: l1TtlMs,
  });
  // Bumped whenever L1 is dropped. A load that started before the drop must not refill L1 with what it read,
  // or an instance could serve pre-edit text for another 30 s.
  let generation = 0;
  const inflight = new Map<string, Promise<unknown>>();

  function remember(key: string, value: unknown, ttl: number, startedAt: number) {
    if (startedAt !== generation) return;
    l1.set(key, { value, bytes: JSON.stringify(value)?.length ?? 1 }, { ttl });
  }

  function dropL1() {
    generation += 1;
    l1.clear();
  }

  async function currentVersion(): Promise<number> {
    const cached = l1.get("version");
    if (cached) return cached.value as number;
    const startedAt = generation;
    const version = Number((await redis.get(keys.version)) ?? 0);
    remember("version", version, l1TtlMs, startedAt);
    return version;
  }

  /**
   * L1 → L2 → (mutex) → MySQL. Concurrent callers in this process share one L2/MySQL trip (single flight),
   * so the distributed mutex only arbitrates between processes.
   */
  async function readThrough<T>(source: Source<T>): Promise<T> {
    const hit = l1.get(source.l1Key);
    if (hit) {
      catalogueLookups.inc({ kind: source.kind, result: "l1" });
      return hit.value as T;
    }
    const flightKey = `${generation}:${source.l1Key}`;
    let pending = inflight.get(flightKey) as Promise<T> | undefined;
    if (!pending) {
      pending = fetchBehindL1(source, generation).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, pending);
    }
    return pending;
  }

  async function fetchBehindL1<T>(source: Source<T>, startedAt: number): Promise<T> {
    const cached = await source.readL2();
    if (cached !== undefined) {
      catalogueLookups.inc({ kind: source.kind, result: "l2" });
      remember(source.l1Key, cached, source.l1TtlMs(cached), startedAt);
      return cached;
    }
    const attempt = await tryWithLock(
      keys.lock(source.l2Key),
      async () => {
        // Whoever held the lock before us may have just written it.
        const written = await source.readL2();
        if (written !== undefined) return written;
        const loaded = await source.load();
        await source.writeL2(loaded);
        catalogueLookups.inc({ kind: source.kind, result: "rebuild" });
        return loaded;
      },
      { leaseMs: lockLeaseMs, client: redis },
    );
    if (attempt.acquired) {
      remember(source.l1Key, attempt.value, source.l1TtlMs(attempt.value), startedAt);
      return attempt.value;
    }
    const deadline = Date.now() + lockWaitMs;
    while (Date.now() + pollIntervalMs <= deadline) {
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      const rebuilt = await source.readL2();
      if (rebuilt !== undefined) {
        catalogueLookups.inc({ kind: source.kind, result: "waited" });
        remember(source.l1Key, rebuilt, source.l1TtlMs(rebuilt), startedAt);
        return rebuilt;
      }
    }
    catalogueLookups.inc({ kind: source.kind, result: "busy" });
    throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1 });
  }

  function pageSource(version: number, page: number, size: number): Source<CachedPage> {
    const listKey = keys.pageList(version, size, page);
    const metaKey = keys.pageMeta(version, size, page);
    return {
      kind: "page",
      l1Key: `page:${size}:${page}`,
      l2Key: listKey,
      async readL2() {
        const [meta, list] = await Promise.all([redis.get(metaKey), redis.lrange(listKey, 0, -1)]);
        if (meta === null) return undefined;
        const { total, count } = JSON.parse(meta) as { total: number; count: number };
        // The list and its meta share one TTL, but a read can still fall between their two expiries.
        if (list.length !== count) return undefined;
        return { total, items: list.map((entry) => JSON.parse(entry) as CachedCoupon) };
      },
      async writeL2(value) {
        const ttl = jitteredTtlMs(l2TtlMs, catalogueTtl.l2JitterRatio);
        const tx = redis.multi().del(listKey);
        if (value.items.length > 0)
          tx.rpush(listKey, ...value.items.map((item) => JSON.stringify(item))).pexpire(listKey, ttl);
        await tx.set(metaKey, JSON.stringify({ total: value.total, count: value.items.length }), "PX", ttl).exec();
      },
      load: () => repository.findPage(page, size),
      l1TtlMs: () => l1TtlMs,
    };
  }

  function couponSource(version: number, id: number): Source<CachedCoupon | null> {
    const key = keys.coupon(version, id);
    return {
      kind: "coupon",
      l1Key: `coupon:${id}`,
      l2Key: key,
      async readL2() {
        const raw = await redis.get(key);
        if (raw === null) return undefined;
        return raw === MISSING ? null : (JSON.parse(raw) as CachedCoupon);
      },
      async writeL2(value) {
        if (value === null)
          await redis.set(key, MISSING, "PX", jitteredTtlMs(missingTtlMs, catalogueTtl.l2JitterRatio));
        else await redis.set(key, JSON.stringify(value), "PX", jitteredTtlMs(l2TtlMs, catalogueTtl.l2JitterRatio));
      },
      load: async () => (await repository.findCoupon(id)) ?? null,
      l1TtlMs: (value) => (value === null ? Math.min(l1TtlMs, missingTtlMs) : l1TtlMs),
    };
  }

  function numberSource(kind: "max_id" | "total", key: string, load: () => Promise<number>): Source<number> {
    return {
      kind,
      l1Key: kind,
      l2Key: key,
      async readL2() {
        const raw = await redis.get(key);
        return raw === null ? undefined : Number(raw);
      },
      async writeL2(value) {
        await redis.set(key, String(value), "PX", jitteredTtlMs(boundsTtlMs, catalogueTtl.l2JitterRatio));
      },
      load,
      l1TtlMs: () => Math.min(l1TtlMs, boundsTtlMs),
    };
  }

  /**
   * Lays the live stock over cached items in one MGET. A missing key keeps the cached stock: "unknown" must
   * never read as sold out. (MGET spans several hash tags: on a Redis Cluster it becomes one pipeline per master.)
   */
  async function withLiveStock(items: CachedCoupon[]): Promise<CachedCoupon[]> {
    if (!liveStock || items.length === 0) return items;
    const values = await getMany(
      redis,
      items.map((item) => couponKeys(item.id).stock),
    );
    return items.map((item, i) => {
      const live = Number.parseInt(values[i] ?? "", 10);
      return Number.isFinite(live) ? { ...item, stock: Math.max(0, live) } : item;
    });
  }

  function toView(coupon: CachedCoupon, nowMs: number): CouponView {
    return {
      id: coupon.id,
      name: coupon.name,
      description: coupon.description,
      price: coupon.price,
      listPrice: coupon.listPrice ?? null,
      imageUrl: couponImageUrl(coupon.imageKey, imagesPublicUrl),
      stock: coupon.stock,
      totalStock: coupon.totalStock,
      saleStart: new Date(coupon.saleStart).toISOString(),
      saleEnd: new Date(coupon.saleEnd).toISOString(),
      status: couponStatus(coupon, nowMs),
    };
  }

  async function readPage(page: number, size: number): Promise<CachedPage> {
    const version = await currentVersion();
    if (page > 1) {
      // Pages past the end are answered from the cached count: 10,000 pages × 100 sizes of bogus paging must
      // not each cost a MySQL query (penetration, like bogus ids).
      const total = await readThrough(numberSource("total", keys.total(version), () => repository.countListed()));
      if ((page - 1) * size >= total) {
        catalogueLookups.inc({ kind: "page", result: "beyond_total" });
        return { items: [], total };
      }
    }
    return readThrough(pageSource(version, page, size));
  }

  async function listCoupons(input: ListCouponsInput): Promise<CouponPageView> {
    const { page, size } = parseInput(listCouponsInput, input);
    // An L1 hit reads no cached content (nor the version) from Redis and nothing from MySQL: L1 is dropped
    // wholesale whenever the version moves. Its one Redis round trip is the live-stock MGET below, which reads
    // the purchase path's stock keys, not the cache (none at all with CATALOGUE_LIVE_STOCK=false).
    const cachedPage = l1.get(`page:${size}:${page}`)?.value as CachedPage | undefined;
    if (cachedPage) catalogueLookups.inc({ kind: "page", result: "l1" });
    const found = cachedPage ?? (await readPage(page, size));
    const items = await withLiveStock(found.items);
    const now = Date.now();
    return {
      items: items.map((item) => toView(item, now)),
      page,
      size,
      total: found.total,
      serverTime: new Date(now).toISOString(),
    };
  }

  async function getCoupon(id: number): Promise<CouponDetailView> {
    parseInput(couponIdInput, id);
    let coupon = l1.get(`coupon:${id}`)?.value as CachedCoupon | null | undefined;
    if (coupon !== undefined) catalogueLookups.inc({ kind: "coupon", result: "l1" });
    else {
      const version = await currentVersion();
      // Ids above the highest ever issued cannot exist: a flood of distinct bogus ids stops here, where a
      // negative cache alone would let each new id through to MySQL once.
      if (id > (await readThrough(numberSource("max_id", keys.maxId(version), () => repository.findMaxId())))) {
        catalogueLookups.inc({ kind: "coupon", result: "beyond_max_id" });
        throw new AppError("NOT_FOUND", { message: "No such coupon." });
      }
      coupon = await readThrough(couponSource(version, id));
    }
    if (coupon === null) throw new AppError("NOT_FOUND", { message: "No such coupon." });
    const [live] = await withLiveStock([coupon]);
    const now = Date.now();
    return { ...toView(live ?? coupon, now), serverTime: new Date(now).toISOString() };
  }

  /**
   * After an admin change (already committed to MySQL): bump the version, which retires every cached page,
   * detail and max id in L2 at once, then tell every instance to drop its L1. Old-version keys expire by TTL.
   */
  async function invalidateCoupon(couponId: number): Promise<void> {
    await redis.incr(keys.version);
    dropL1();
    await redis.publish(keys.channel, JSON.stringify({ couponId }));
  }

  let listening: Promise<RedisClient> | undefined;

  /** Subscribes this instance to invalidations; idempotent, so every door may call it. */
  function startInvalidationListener(): Promise<void> {
    listening ??= (async () => {
      const subscriber = (options.createSubscriber ?? createRedis)();
      subscriber.on("error", (error: unknown) => log.warn({ err: error }, "catalogue invalidation subscriber error"));
      subscriber.on("message", (channel: string) => {
        if (channel === keys.channel) dropL1();
      });
      // Messages published while disconnected are lost; dropping L1 on every (re)connect bounds the damage to
      // one L2 read instead of 30 s of stale text.
      subscriber.on("ready", dropL1);
      try {
        await subscriber.subscribe(keys.channel);
      } catch (error) {
        listening = undefined; // let the next door retry
        subscriber.disconnect();
        throw error;
      }
      return subscriber;
    })();
    return listening.then(() => undefined);
  }

  async function close() {
    const subscriber = await listening?.catch(() => undefined);
    listening = undefined;
    await subscriber?.quit().catch(() => undefined);
  }

  return { prefix, listCoupons, getCoupon, invalidateCoupon, startInvalidationListener, close, l1 };
}
