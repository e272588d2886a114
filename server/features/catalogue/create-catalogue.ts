import { getMany, type RedisClient } from "@/server/infra/redis-client";
import { catalogueTtl } from "@/server/features/catalogue/cache-ttl";
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
import { couponKeys } from "@/server/keys/coupon-keys";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { parseInput } from "@/server/validation";
import { jitteredTtlMs } from "@/server/infra/read-through-cache/jittered-ttl";
import { createReadThroughCache, type CacheSource } from "@/server/infra/read-through-cache/read-through-cache";
import { redisMutex } from "@/server/infra/read-through-cache/redis-mutex";
import { nullableStringL2, stringL2 } from "@/server/infra/read-through-cache/string-l2";
import { childLogger } from "@/server/infra/logger";
import { createRedis, redis as sharedRedis } from "@/server/infra/redis";

const log = childLogger("catalogue");

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

/** What a catalogue read looks up: the `kind` label of catalogue_cache_lookups_total. */
type LookupKind = "page" | "coupon" | "max_id" | "total";

export type Catalogue = ReturnType<typeof createCatalogue>;

/**
 * The catalogue read path: L1 (per-process LRU, 30 s) → L2 (Redis, 2 min ± jitter) → MySQL, where only the
 * holder of a per-key mutex may rebuild (server/infra/read-through-cache). Live stock is laid over whatever
 * level answered.
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
  const jitterRatio = catalogueTtl.l2JitterRatio;
  const keys = catalogueKeys(prefix);

  const cache = createReadThroughCache<LookupKind>({
    l1: {
      ttlMs: l1TtlMs,
      maxEntries: options.l1MaxEntries ?? 5_000,
      maxBytes: options.l1MaxBytes ?? 16 * 1024 * 1024,
    },
    lock: {
      mutex: redisMutex(redis, options.lockLeaseMs ?? 3_000),
      waitMs: options.lockWaitMs ?? 150,
      pollIntervalMs: options.pollIntervalMs ?? 20,
    },
    onLookup: (kind, result) => catalogueLookups.inc({ kind, result }),
  });

  async function listCoupons(input: ListCouponsInput): Promise<CouponPageView> {
    const { page, size } = parseInput(listCouponsInput, input);
    // An L1 hit reads no cached content (nor the version) from Redis and nothing from MySQL: L1 is dropped
    // wholesale whenever the version moves. Its one Redis round trip is the live-stock MGET below, which reads
    // the purchase path's stock keys, not the cache (none at all with CATALOGUE_LIVE_STOCK=false).
    const found = cache.fromL1<CachedPage>("page", pageL1Key(page, size)) ?? (await readPage(page, size));
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
    // L1 may hold null (a cached "no such coupon"): only undefined is a miss.
    let coupon = cache.fromL1<CachedCoupon | null>("coupon", couponL1Key(id));
    if (coupon === undefined) coupon = await readCoupon(id);
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
    cache.dropL1();
    await redis.publish(keys.channel, JSON.stringify({ couponId }));
  }

  let listening: Promise<RedisClient> | undefined;

  /** Subscribes this instance to invalidations; idempotent, so every door may call it. */
  function startInvalidationListener(): Promise<void> {
    listening ??= (async () => {
      const subscriber = (options.createSubscriber ?? createRedis)();
      subscriber.on("error", (error: unknown) => log.warn({ err: error }, "catalogue invalidation subscriber error"));
      subscriber.on("message", (channel: string) => {
        if (channel === keys.channel) cache.dropL1();
      });
      // Messages published while disconnected are lost; dropping L1 on every (re)connect bounds the damage to
      // one L2 read instead of 30 s of stale text.
      subscriber.on("ready", cache.dropL1);
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

  async function readPage(page: number, size: number): Promise<CachedPage> {
    const version = await currentVersion();
    if (page > 1) {
      // Pages past the end are answered from the cached count: 10,000 pages × 100 sizes of bogus paging must
      // not each cost a MySQL query (penetration, like bogus ids).
      const total = await cache.read(boundSource("total", keys.total(version), () => repository.countListed()));
      if ((page - 1) * size >= total) {
        catalogueLookups.inc({ kind: "page", result: "beyond_total" });
        return { items: [], total };
      }
    }
    return cache.read(pageSource(version, page, size));
  }

  async function readCoupon(id: number): Promise<CachedCoupon | null> {
    const version = await currentVersion();
    // Ids above the highest ever issued cannot exist: a flood of distinct bogus ids stops here, where a
    // negative cache alone would let each new id through to MySQL once.
    const maxId = await cache.read(boundSource("max_id", keys.maxId(version), () => repository.findMaxId()));
    if (id > maxId) {
      catalogueLookups.inc({ kind: "coupon", result: "beyond_max_id" });
      throw new AppError("NOT_FOUND", { message: "No such coupon." });
    }
    return cache.read(couponSource(version, id));
  }

  /** The version of every content key; kept in L1 like content, so an L1 hit needs no Redis read at all. */
  function currentVersion(): Promise<number> {
    return cache.readL1Only("version", async () => Number((await redis.get(keys.version)) ?? 0));
  }

  function pageL1Key(page: number, size: number) {
    return `page:${size}:${page}`;
  }

  function couponL1Key(id: number) {
    return `coupon:${id}`;
  }

  function pageSource(version: number, page: number, size: number): CacheSource<CachedPage, LookupKind> {
    const listKey = keys.pageList(version, size, page);
    const metaKey = keys.pageMeta(version, size, page);
    return {
      kind: "page",
      l1Key: pageL1Key(page, size),
      lockKey: keys.lock(listKey),
      async readL2() {
        const [meta, list] = await Promise.all([redis.get(metaKey), redis.lrange(listKey, 0, -1)]);
        if (meta === null) return undefined;
        const { total, count } = JSON.parse(meta) as { total: number; count: number };
        // The list and its meta share one TTL, but a read can still fall between their two expiries.
        if (list.length !== count) return undefined;
        return { total, items: list.map((entry) => JSON.parse(entry) as CachedCoupon) };
      },
      async writeL2(value) {
        const ttl = jitteredTtlMs(l2TtlMs, jitterRatio);
        const tx = redis.multi().del(listKey);
        if (value.items.length > 0)
          tx.rpush(listKey, ...value.items.map((item) => JSON.stringify(item))).pexpire(listKey, ttl);
        await tx.set(metaKey, JSON.stringify({ total: value.total, count: value.items.length }), "PX", ttl).exec();
      },
      load: () => repository.findPage(page, size),
    };
  }

  /** A coupon's detail; unknown and disabled ids are cached as null (negative cache) for a shorter while. */
  function couponSource(version: number, id: number): CacheSource<CachedCoupon | null, LookupKind> {
    const key = keys.coupon(version, id);
    return {
      kind: "coupon",
      l1Key: couponL1Key(id),
      lockKey: keys.lock(key),
      ...nullableStringL2<CachedCoupon>({
        redis,
        key,
        ttlMs: l2TtlMs,
        missingTtlMs,
        jitterRatio,
        encode: (coupon) => JSON.stringify(coupon),
        decode: (raw) => JSON.parse(raw) as CachedCoupon,
      }),
      load: async () => (await repository.findCoupon(id)) ?? null,
      l1TtlMs: (value) => (value === null ? Math.min(l1TtlMs, missingTtlMs) : l1TtlMs),
    };
  }

  /** The max id or the listed count: bounds that answer bogus ids and pages without MySQL. */
  function boundSource(
    kind: "max_id" | "total",
    key: string,
    load: () => Promise<number>,
  ): CacheSource<number, LookupKind> {
    return {
      kind,
      l1Key: kind,
      lockKey: keys.lock(key),
      ...stringL2({ redis, key, ttlMs: boundsTtlMs, jitterRatio, encode: String, decode: Number }),
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
      room: roomView(coupon),
    };
  }

  return { prefix, listCoupons, getCoupon, invalidateCoupon, startInvalidationListener, close };
}

function roomView(coupon: CachedCoupon): CouponView["room"] {
  const minutes = coupon.roomPrequeueMinutes;
  if (minutes === null || minutes === undefined) return null;
  return { prequeueFrom: new Date(coupon.saleStart - minutes * 60_000).toISOString() };
}
