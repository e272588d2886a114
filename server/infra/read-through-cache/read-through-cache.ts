import { LRUCache } from "lru-cache";
import { AppError } from "@/server/errors";

/**
 * A two-level read-through cache: a per-process LRU (L1) in front of a shared store (L2, usually Redis) in front
 * of the source of truth. Only the holder of a per-key distributed mutex may rebuild a missing L2 entry; the
 * others poll L2 for a short while and then give up with 503 TRY_AGAIN_LATER, so a cold key costs the source one
 * read however many processes ask at once. It knows nothing of what it caches: each read brings a `CacheSource`.
 */

/** One cached thing: where it lives at each level and how to load it when no level has it. */
export interface CacheSource<T, Kind extends string = string> {
  /** Metrics label of the lookup (what is being read, not where it was found). */
  kind: Kind;
  l1Key: string;
  /** The distributed mutex guarding this entry's rebuild: one lock per L2 entry. */
  lockKey: string;
  /** Undefined when L2 does not have the entry (a cached "does not exist" must be a value, such as null). */
  readL2: () => Promise<T | undefined>;
  writeL2: (value: T) => Promise<void>;
  load: () => Promise<T>;
  /** How long this value may stay in L1; the cache's L1 TTL when omitted. */
  l1TtlMs?: (value: T) => number;
}

/**
 * Which level answered a read: an L1 hit, an L2 hit, a rebuild under the mutex, L2 filled by another holder while
 * this one waited, or nobody in time (the caller got 503).
 */
export type LookupResult = "l1" | "l2" | "rebuild" | "waited" | "busy";

export type MutexAttempt<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `fn` while holding `key`, or reports at once that another holder has it. */
export type Mutex = <T>(key: string, fn: () => Promise<T>) => Promise<MutexAttempt<T>>;

export interface ReadThroughCacheOptions<Kind extends string> {
  l1: { ttlMs: number; maxEntries: number; maxBytes: number };
  lock: {
    mutex: Mutex;
    /** How long a read that lost the rebuild race polls L2 before answering 503. */
    waitMs: number;
    pollIntervalMs: number;
  };
  onLookup?: (kind: Kind, result: LookupResult) => void;
}

export type ReadThroughCache<Kind extends string> = ReturnType<typeof createReadThroughCache<Kind>>;

type L1Entry = { value: unknown; bytes: number };

export function createReadThroughCache<Kind extends string>(options: ReadThroughCacheOptions<Kind>) {
  const { mutex, waitMs, pollIntervalMs } = options.lock;
  const onLookup = options.onLookup ?? (() => undefined);
  const l1 = new LRUCache<string, L1Entry>({
    max: options.l1.maxEntries,
    maxSize: options.l1.maxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
    ttl: options.l1.ttlMs,
  });
  // Bumped whenever L1 is dropped. A load that started before the drop must not refill L1 with what it read,
  // or a process could serve what the drop was meant to retire for another whole L1 TTL.
  let generation = 0;
  const inflight = new Map<string, Promise<unknown>>();

  function remember(key: string, value: unknown, ttl: number, startedAt: number) {
    if (startedAt !== generation) return;
    l1.set(key, { value, bytes: JSON.stringify(value)?.length ?? 1 }, { ttl });
  }

  function l1TtlOf<T>(source: CacheSource<T, Kind>, value: T): number {
    return source.l1TtlMs?.(value) ?? options.l1.ttlMs;
  }

  function hitL1(kind: Kind, l1Key: string): L1Entry | undefined {
    const hit = l1.get(l1Key);
    if (hit) onLookup(kind, "l1");
    return hit;
  }

  /** The L1 entry alone (counted as an L1 hit when present); undefined on a miss, which it does not count. */
  function fromL1<T>(kind: Kind, l1Key: string): T | undefined {
    return hitL1(kind, l1Key)?.value as T | undefined;
  }

  /** L1, else `load` remembered in L1: for small values that have no L2 entry of their own. Not counted. */
  async function readL1Only<T>(l1Key: string, load: () => Promise<T>): Promise<T> {
    const hit = l1.get(l1Key);
    if (hit) return hit.value as T;
    const startedAt = generation;
    const value = await load();
    remember(l1Key, value, options.l1.ttlMs, startedAt);
    return value;
  }

  /**
   * L1 → L2 → (mutex) → source. Concurrent callers in this process share one L2/source trip (single flight),
   * so the distributed mutex only arbitrates between processes.
   */
  async function read<T>(source: CacheSource<T, Kind>): Promise<T> {
    const hit = hitL1(source.kind, source.l1Key);
    if (hit) return hit.value as T;
    const flightKey = `${generation}:${source.l1Key}`;
    let pending = inflight.get(flightKey) as Promise<T> | undefined;
    if (!pending) {
      pending = fetchBehindL1(source, generation).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, pending);
    }
    return pending;
  }

  async function fetchBehindL1<T>(source: CacheSource<T, Kind>, startedAt: number): Promise<T> {
    const cached = await source.readL2();
    if (cached !== undefined) {
      onLookup(source.kind, "l2");
      remember(source.l1Key, cached, l1TtlOf(source, cached), startedAt);
      return cached;
    }
    const attempt = await mutex(source.lockKey, async () => {
      // Whoever held the lock before us may have just written it.
      const written = await source.readL2();
      if (written !== undefined) return written;
      const loaded = await source.load();
      await source.writeL2(loaded);
      onLookup(source.kind, "rebuild");
      return loaded;
    });
    if (attempt.acquired) {
      remember(source.l1Key, attempt.value, l1TtlOf(source, attempt.value), startedAt);
      return attempt.value;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() + pollIntervalMs <= deadline) {
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      const rebuilt = await source.readL2();
      if (rebuilt !== undefined) {
        onLookup(source.kind, "waited");
        remember(source.l1Key, rebuilt, l1TtlOf(source, rebuilt), startedAt);
        return rebuilt;
      }
    }
    onLookup(source.kind, "busy");
    throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1 });
  }

  /** Forgets every L1 entry, including what reads already in flight would have put there. L2 is untouched. */
  function dropL1() {
    generation += 1;
    l1.clear();
  }

  return { read, fromL1, readL1Only, dropL1 };
}
