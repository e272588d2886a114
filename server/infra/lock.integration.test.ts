import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { tryWithLock, withLock } from "@/server/infra/lock";
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
    const competitor = await tryWithLock(k, async () => (competitorWon = true), { leaseMs: 300 });
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
      withLock(k, async () => 1, { leaseMs: 500, waitMs: 80 }),
      (e) => e instanceof AppError && e.code === "TRY_AGAIN_LATER" && e.retryAfterSeconds === 1,
    );
    assert.ok(Date.now() - startedAt < 200);
    assert.equal(await withLock(k, async () => 42, { leaseMs: 500, waitMs: 400 }), 42);
  });
});
