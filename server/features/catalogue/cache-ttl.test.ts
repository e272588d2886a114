import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { catalogueTtl } from "@/server/features/catalogue/cache-ttl";
import { jitteredTtlMs } from "@/server/infra/read-through-cache/jittered-ttl";

describe("catalogueTtl", () => {
  it("when reading the configured lifetimes, then they are the issue's 30 s L1, 2 min L2 and short negative entries", () => {
    assert.equal(catalogueTtl.l1Ms, 30_000);
    assert.equal(catalogueTtl.l2Ms, 120_000);
    assert.ok(catalogueTtl.missingMs <= catalogueTtl.l2Ms);
  });

  it("when many L2 TTLs are drawn with the catalogue's jitter, then they stay within 2 min ± 12 s and are spread out", () => {
    const ttls = Array.from({ length: 2000 }, () => jitteredTtlMs(catalogueTtl.l2Ms, catalogueTtl.l2JitterRatio));
    assert.ok(ttls.every((t) => t >= 108_000 && t <= 132_000));
    assert.ok(new Set(ttls).size > 1000, "values written together must not share one expiry");
    const low = ttls.filter((t) => t < 120_000).length;
    assert.ok(low > 800 && low < 1200, `roughly half below the base, got ${low}`);
  });
});
