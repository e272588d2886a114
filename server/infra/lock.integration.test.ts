import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { acquireLease, claimLease, releaseLease, renewLease, tryWithLock, withLock } from "@/server/infra/lock";
import { redis } from "@/server/infra/redis";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = () => `test:lock:${randomUUID()}`;

after(closeConnections);

describe("distributed lock (real Redis)", () => {
  it("when two callers race for one key, then exactly one runs and the other lost the race", async () => {
    const k = key();
    let runs = 0;
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        tryWithLock(
          k,
          async () => {
            runs += 1;
            await sleep(50);
            return "done";
          },
          { leaseMs: 1000 },
        ),
      ),
    );
    assert.equal(runs, 1);
    assert.equal(attempts.filter((a) => a.acquired).length, 1);
    assert.equal(await redis.exists(k), 0, "released after the work");
  });

  it("when the work outlasts the lease, then the watchdog keeps the lock and nobody else gets it", async () => {
    const k = key();
    let competitorWon = false;
    const holder = tryWithLock(
      k,
      async (signal) => {
        await sleep(900);
        return signal.aborted;
      },
      { leaseMs: 300 },
    );
    await sleep(600);
    const competitor = await tryWithLock(k, () => Promise.resolve((competitorWon = true)), { leaseMs: 300 });
    const held = await holder;
    assert.equal(competitor.acquired, false);
    assert.equal(competitorWon, false);
    assert.deepEqual(held, { acquired: true, value: false }, "never aborted");
  });

  it("when the lease expired and someone else took the key, then releasing does not delete their lock", async () => {
    const k = key();
    const first = tryWithLock(
      k,
      async () => {
        await redis.set(k, "someone-else", "PX", 5000); // simulates expiry + a successor
        await sleep(10);
      },
      { leaseMs: 1000 },
    );
    await first;
    assert.equal(await redis.get(k), "someone-else");
    await redis.del(k);
  });

  it("when the lock is lost under the holder, then the holder's signal aborts", async () => {
    const k = key();
    const result = await tryWithLock(
      k,
      async (signal) => {
        await redis.del(k);
        // The abort must come once the lease runs out (150 ms); a second is slack for a loaded machine.
        const deadline = Date.now() + 1000;
        while (!signal.aborted && Date.now() < deadline) await sleep(10);
        return signal.aborted;
      },
      { leaseMs: 150 },
    );
    assert.deepEqual(result, { acquired: true, value: true });
  });

  it("when withLock cannot get the key within waitMs, then it fails with 503 TRY_AGAIN_LATER; once free it runs", async () => {
    const k = key();
    await redis.set(k, "held", "PX", 200);
    const startedAt = Date.now();
    await assert.rejects(
      withLock(k, () => Promise.resolve(1), { leaseMs: 500, waitMs: 80 }),
      (e) => e instanceof AppError && e.code === "TRY_AGAIN_LATER" && e.retryAfterSeconds === 1,
    );
    assert.ok(Date.now() - startedAt < 200);
    assert.equal(await withLock(k, () => Promise.resolve(42), { leaseMs: 500, waitMs: 400 }), 42);
  });
});

describe("owner-checked lease (real Redis)", () => {
  it("when the key is free, then the first owner takes it for its TTL and a second owner is refused", async () => {
    const k = key();
    assert.equal(await acquireLease(redis, k, "owner-a", 5000), true);
    assert.equal(await acquireLease(redis, k, "owner-b", 5000), false);
    assert.equal(await redis.get(k), "owner-a");
    const ttl = await redis.pttl(k);
    assert.ok(ttl > 4000 && ttl <= 5000, `pttl ${ttl}`);
    await redis.del(k);
  });

  it("when the owner renews, then the TTL is reset; when another owner tries, then it is refused and nothing changes", async () => {
    const k = key();
    await acquireLease(redis, k, "owner-a", 1000);
    assert.equal(await renewLease(redis, k, "owner-a", 8000), true);
    const renewed = await redis.pttl(k);
    assert.ok(renewed > 7000 && renewed <= 8000, `pttl ${renewed}`);
    assert.equal(await renewLease(redis, k, "owner-b", 60_000), false);
    assert.ok((await redis.pttl(k)) <= 8000, "the refused renewal did not extend it");
    assert.equal(await redis.get(k), "owner-a");
    await redis.del(k);
  });

  it("when a non-owner releases, then the key stays; when the owner releases, then it is deleted", async () => {
    const k = key();
    await acquireLease(redis, k, "owner-a", 5000);
    assert.equal(await releaseLease(redis, k, "owner-b"), false);
    assert.equal(await redis.get(k), "owner-a");
    assert.equal(await releaseLease(redis, k, "owner-a"), true);
    assert.equal(await redis.exists(k), 0);
    assert.equal(await releaseLease(redis, k, "owner-a"), false, "releasing twice is harmless");
  });

  it("when the lease expires, then the old owner can neither renew nor release it, and a successor can take it", async () => {
    const k = key();
    await acquireLease(redis, k, "owner-a", 100);
    await sleep(200);
    assert.equal(await redis.exists(k), 0);
    assert.equal(await renewLease(redis, k, "owner-a", 5000), false);
    assert.equal(await redis.exists(k), 0, "a refused renewal does not recreate the key");
    assert.equal(await acquireLease(redis, k, "owner-b", 5000), true);
    assert.equal(await releaseLease(redis, k, "owner-a"), false);
    assert.equal(await renewLease(redis, k, "owner-a", 5000), false);
    assert.equal(await redis.get(k), "owner-b");
    await redis.del(k);
  });

  it("when another owner claims a held lease, then the newest claimant owns it and only it can release it", async () => {
    const k = key();
    await claimLease(redis, k, "instance-a", 5000);
    await claimLease(redis, k, "instance-b", 9000);
    assert.equal(await redis.get(k), "instance-b");
    const ttl = await redis.pttl(k);
    assert.ok(ttl > 8000 && ttl <= 9000, `pttl ${ttl}`);
    assert.equal(await releaseLease(redis, k, "instance-a"), false);
    assert.equal(await releaseLease(redis, k, "instance-b"), true);
    assert.equal(await redis.exists(k), 0);
  });

  it("when the commands run inside an auto-pipeline burst, then every reply is right", async () => {
    const keys = Array.from({ length: 20 }, key);
    await Promise.all(keys.map((k) => acquireLease(redis, k, "owner-a", 5000)));
    const [renewed, refused, released] = await Promise.all([
      Promise.all(keys.map((k) => renewLease(redis, k, "owner-a", 5000))),
      Promise.all(keys.map((k) => releaseLease(redis, k, "owner-b"))),
      Promise.all(keys.map((k) => releaseLease(redis, k, "owner-a"))),
    ]);
    assert.ok(renewed.every(Boolean) && released.every(Boolean) && !refused.some(Boolean));
    assert.equal(
      (await Promise.all(keys.map((k) => redis.exists(k)))).reduce((a, b) => a + b, 0),
      0,
    );
  });
});
