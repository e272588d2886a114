import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IN_FLIGHT_GRACE_MS, NEW_REDIS_WINDOW_MS, judgeRebuild } from "@/server/features/inventory/stock-rebuild-gate";

const settledRedis = NEW_REDIS_WINDOW_MS + 1;

describe("judgeRebuild", () => {
  it("when a brand-new sale is loaded on a Redis that has held data for long, then no backlog is waited for", () => {
    assert.deepEqual(
      judgeRebuild(
        { redisAgeMs: settledRedis, hasSettledOrders: false, force: false, createdAfterRedisEpoch: false },
        40,
      ),
      { allowed: true },
    );
  });

  it("when the sale sold before, then its stock is rebuilt only once its partition has no unsettled event", () => {
    const facts = { redisAgeMs: settledRedis, hasSettledOrders: true, force: false, createdAfterRedisEpoch: false };
    assert.equal(judgeRebuild(facts, 3).allowed, false);
    assert.equal(judgeRebuild(facts, null).allowed, false, "an unknown backlog is not an empty one");
    assert.deepEqual(judgeRebuild(facts, 0), { allowed: true });
  });

  it("when Redis is new (restarted empty), then even a sale MySQL never settled waits for the grace and the backlog", () => {
    assert.equal(
      judgeRebuild(
        { redisAgeMs: IN_FLIGHT_GRACE_MS - 1, hasSettledOrders: false, force: false, createdAfterRedisEpoch: false },
        0,
      ).allowed,
      false,
    );
    assert.equal(
      judgeRebuild(
        { redisAgeMs: IN_FLIGHT_GRACE_MS + 1, hasSettledOrders: false, force: false, createdAfterRedisEpoch: false },
        2,
      ).allowed,
      false,
    );
    assert.deepEqual(
      judgeRebuild(
        { redisAgeMs: IN_FLIGHT_GRACE_MS + 1, hasSettledOrders: false, force: false, createdAfterRedisEpoch: false },
        0,
      ),
      { allowed: true },
    );
  });

  it("when the coupon was created after this Redis began, then a new Redis is no reason to wait; its own sales still are", () => {
    const newCoupon = {
      redisAgeMs: IN_FLIGHT_GRACE_MS - 1,
      hasSettledOrders: false,
      force: false,
      createdAfterRedisEpoch: true,
    };
    assert.deepEqual(judgeRebuild(newCoupon, 3), { allowed: true });
    assert.equal(judgeRebuild({ ...newCoupon, hasSettledOrders: true }, 3).allowed, false);
    assert.equal(judgeRebuild({ ...newCoupon, force: true }, 3).allowed, false);
  });

  it("when the rebuild is forced, then it waits for the backlog like a rebuild after a loss", () => {
    assert.equal(
      judgeRebuild({ redisAgeMs: settledRedis, hasSettledOrders: false, force: true, createdAfterRedisEpoch: false }, 1)
        .allowed,
      false,
    );
  });
});
