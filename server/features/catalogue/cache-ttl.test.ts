import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalogueTtl, jitteredTtlMs } from "@/server/features/catalogue/cache-ttl";

describe("jitteredTtlMs", () => {
  it("when random is at its extremes, then the TTL spans exactly base ± ratio", () => {
    assert.equal(jitteredTtlMs(120_000, 0.1, () => 0), 108_000);
    assert.equal(jitteredTtlMs(120_000, 0.1, () => 0.5), 120_000);
    assert.equal(jitteredTtlMs(120_000, 0.1, () => 0.999_999_9), 132_000);
  });

  it("when many TTLs are drawn, then they stay within bounds and are spread out (no avalanche)", () => {
    const ttls = Array.from({ length: 2000 }, () => jitteredTtlMs(catalogueTtl.l2Ms, catalogueTtl.l2JitterRatio));
    assert.ok(ttls.every((t) => t >= 108_000 && t <= 132_000));
    assert.ok(new Set(ttls).size > 1000, "values written together must not share one expiry");
    const low = ttls.filter((t) => t < 120_000).length;
    assert.ok(low > 800 && low < 1200, `roughly half below the base, got ${low}`);
  });

  it("when the base is tiny, then the TTL is still at least 1 ms", () => {
    assert.equal(jitteredTtlMs(0, 0.5, () => 0), 1);
  });

  it("when reading the configured lifetimes, then they are the issue's 30 s L1, 2 min L2 and short negative entries", () => {
    assert.equal(catalogueTtl.l1Ms, 30_000);
    assert.equal(catalogueTtl.l2Ms, 120_000);
    assert.ok(catalogueTtl.missingMs <= catalogueTtl.l2Ms);
  });
});
