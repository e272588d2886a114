import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@/server/errors";
import {
  createReadThroughCache,
  type CacheSource,
  type LookupResult,
  type Mutex,
} from "@/server/infra/read-through-cache/read-through-cache";

/** A fake L2 (a Map), a fake mutex that is free or held elsewhere, and a source that counts its loads. */
function harness(options: { lockHeldElsewhere?: boolean; waitMs?: number; l1TtlMs?: number } = {}) {
  const l2 = new Map<string, string>();
  const lookups: LookupResult[] = [];
  const locked: string[] = [];
  const mutex: Mutex = async (key, fn) => {
    locked.push(key);
    return options.lockHeldElsewhere ? { acquired: false } : { acquired: true, value: await fn() };
  };
  const cache = createReadThroughCache<"thing">({
    l1: { ttlMs: options.l1TtlMs ?? 60_000, maxEntries: 100, maxBytes: 1_000_000 },
    lock: { mutex, waitMs: options.waitMs ?? 60, pollIntervalMs: 10 },
    onLookup: (_kind, result) => lookups.push(result),
  });
  let loads = 0;
  let l2Reads = 0;
  function source(id: string, loaded: string | null = `value of ${id}`): CacheSource<string | null, "thing"> {
    return {
      kind: "thing",
      l1Key: id,
      lockKey: `lock:${id}`,
      readL2: () => {
        l2Reads += 1;
        const raw = l2.get(id);
        return Promise.resolve(raw === undefined ? undefined : (JSON.parse(raw) as string | null));
      },
      writeL2: (value) => {
        l2.set(id, JSON.stringify(value));
        return Promise.resolve();
      },
      load: async () => {
        loads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return loaded;
      },
    };
  }
  return { cache, l2, lookups, locked, source, loads: () => loads, l2Reads: () => l2Reads };
}

describe("createReadThroughCache", () => {
  it("when a key is cold, then it is loaded once under its lock, written to L2, and the next read is an L1 hit", async () => {
    const h = harness();

    assert.equal(await h.cache.read(h.source("a")), "value of a");
    assert.equal(await h.cache.read(h.source("a")), "value of a");

    assert.equal(h.loads(), 1);
    assert.deepEqual(h.locked, ["lock:a"]);
    assert.equal(h.l2.get("a"), JSON.stringify("value of a"));
    assert.deepEqual(h.lookups, ["rebuild", "l1"]);
  });

  it("when 50 reads of one cold key arrive together, then they share one L2 read and one load (single flight)", async () => {
    const h = harness();

    const values = await Promise.all(Array.from({ length: 50 }, () => h.cache.read(h.source("a"))));

    assert.ok(values.every((v) => v === "value of a"));
    assert.equal(h.loads(), 1);
    assert.equal(h.l2Reads(), 2, "one read before the lock, one re-check under it");
    assert.deepEqual(h.lookups, ["rebuild"]);
  });

  it("when L2 has the entry, then it is served from L2 without the lock and remembered in L1", async () => {
    const h = harness();
    h.l2.set("a", JSON.stringify("from L2"));

    assert.equal(await h.cache.read(h.source("a")), "from L2");
    assert.equal(await h.cache.read(h.source("a")), "from L2");

    assert.equal(h.loads(), 0);
    assert.deepEqual(h.locked, []);
    assert.deepEqual(h.lookups, ["l2", "l1"]);
  });

  it("when the source says null, then null is cached like a value (negative cache) and is an L1 hit next time", async () => {
    const h = harness();

    assert.equal(await h.cache.read(h.source("gone", null)), null);
    assert.equal(h.cache.fromL1("thing", "gone"), null);
    assert.equal(await h.cache.read(h.source("gone", null)), null);

    assert.equal(h.loads(), 1);
    assert.equal(h.l2.get("gone"), "null");
    assert.deepEqual(h.lookups, ["rebuild", "l1", "l1"]);
  });

  it("when another process holds the lock and fills L2 meanwhile, then the loser serves what it wrote", async () => {
    const h = harness({ lockHeldElsewhere: true, waitMs: 200 });
    setTimeout(() => h.l2.set("a", JSON.stringify("rebuilt elsewhere")), 25);

    assert.equal(await h.cache.read(h.source("a")), "rebuilt elsewhere");

    assert.equal(h.loads(), 0);
    assert.deepEqual(h.lookups, ["waited"]);
  });

  it("when another process holds the lock and L2 stays empty, then the read fails with 503 TRY_AGAIN_LATER", async () => {
    const h = harness({ lockHeldElsewhere: true, waitMs: 50 });
    const startedAt = Date.now();

    await assert.rejects(
      h.cache.read(h.source("a")),
      (error) => error instanceof AppError && error.code === "TRY_AGAIN_LATER" && error.retryAfterSeconds === 1,
    );

    assert.ok(Date.now() - startedAt < 500, "gives up after about the wait, not the lease");
    assert.equal(h.loads(), 0);
    assert.deepEqual(h.lookups, ["busy"]);
  });

  it("when the previous lock holder wrote L2 just before we got the lock, then we serve that and do not load", async () => {
    const h = harness();
    let reads = 0;
    const source = h.source("a");
    const racing: CacheSource<string | null, "thing"> = {
      ...source,
      readL2: () => Promise.resolve(++reads === 1 ? undefined : "written by the previous holder"),
    };

    assert.equal(await h.cache.read(racing), "written by the previous holder");
    assert.equal(h.loads(), 0);
    assert.deepEqual(h.lookups, [], "neither an L2 hit nor a rebuild");
  });

  it("when L1 is dropped while a load is in flight, then what that load read is not remembered in L1", async () => {
    const h = harness();

    const pending = h.cache.read(h.source("a"));
    h.cache.dropL1();
    assert.equal(await pending, "value of a");

    assert.equal(h.cache.fromL1("thing", "a"), undefined);
    assert.equal(await h.cache.read(h.source("a")), "value of a");
    assert.deepEqual(h.lookups, ["rebuild", "l2"], "the second read went back to L2");
  });

  it("when a source gives a value a short L1 TTL, then it leaves L1 after that TTL", async () => {
    const h = harness();
    const source = { ...h.source("a"), l1TtlMs: () => 20 };

    await h.cache.read(source);
    assert.equal(h.cache.fromL1("thing", "a"), "value of a");
    await new Promise((resolve) => setTimeout(resolve, 40));

    assert.equal(h.cache.fromL1("thing", "a"), undefined);
  });

  it("when readL1Only is asked twice, then it loads once, and again only after L1 is dropped", async () => {
    const h = harness();
    let loads = 0;
    const load = () => Promise.resolve(++loads);

    assert.equal(await h.cache.readL1Only("version", load), 1);
    assert.equal(await h.cache.readL1Only("version", load), 1);
    h.cache.dropL1();
    assert.equal(await h.cache.readL1Only("version", load), 2);

    assert.deepEqual(h.lookups, [], "L1-only reads are not counted as lookups");
  });
});
