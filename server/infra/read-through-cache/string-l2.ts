import { jitteredTtlMs } from "@/server/infra/read-through-cache/jittered-ttl";
import type { CacheSource } from "@/server/infra/read-through-cache/read-through-cache";

/* L2 entries of a read-through cache stored as one Redis string per key, with a jittered TTL. */

/** Stored in place of a value that does not exist (negative cache): Redis has no way to store "null". */
export const MISSING = "__missing__";

/** What an L2 string entry needs: the ioredis commands it uses, narrow enough for a fake in tests. */
export interface StringStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, expiryMode: "PX", ttlMs: number): Promise<unknown>;
}

export interface StringL2Options<T> {
  redis: StringStore;
  key: string;
  ttlMs: number;
  /** Share of the TTL added or removed at random on every write. */
  jitterRatio: number;
  encode: (value: T) => string;
  decode: (raw: string) => T;
}

export type L2Access<T> = Pick<CacheSource<T>, "readL2" | "writeL2">;

/** One Redis string per entry, written with a jittered PX TTL. */
export function stringL2<T>(options: StringL2Options<T>): L2Access<T> {
  const { redis, key } = options;
  return {
    async readL2() {
      const raw = await redis.get(key);
      return raw === null ? undefined : options.decode(raw);
    },
    async writeL2(value) {
      await redis.set(key, options.encode(value), "PX", jitteredTtlMs(options.ttlMs, options.jitterRatio));
    },
  };
}

/**
 * Like `stringL2`, but null ("does not exist") is cached too, as the MISSING marker with its own, usually
 * shorter, TTL: repeated reads of an absent entry then stop at L2 instead of reaching the source each time.
 */
export function nullableStringL2<T>(options: StringL2Options<T> & { missingTtlMs: number }): L2Access<T | null> {
  const present = stringL2(options);
  const { redis, key } = options;
  return {
    async readL2() {
      const raw = await redis.get(key);
      if (raw === null) return undefined;
      return raw === MISSING ? null : options.decode(raw);
    },
    async writeL2(value) {
      if (value === null) await redis.set(key, MISSING, "PX", jitteredTtlMs(options.missingTtlMs, options.jitterRatio));
      else await present.writeL2(value);
    },
  };
}
