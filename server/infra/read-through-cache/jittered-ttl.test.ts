import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jitteredTtlMs } from "@/server/infra/read-through-cache/jittered-ttl";

describe("jitteredTtlMs", () => {
  it("when random is at its extremes, then the TTL spans exactly base ± ratio", () => {
    assert.equal(
      jitteredTtlMs(120_000, 0.1, () => 0),
      108_000,
    );
    assert.equal(
      jitteredTtlMs(120_000, 0.1, () => 0.5),
      120_000,
    );
    assert.equal(
      jitteredTtlMs(120_000, 0.1, () => 0.999_999_9),
      132_000,
    );
  });

  it("when the base is tiny, then the TTL is still at least 1 ms", () => {
    assert.equal(
      jitteredTtlMs(0, 0.5, () => 0),
      1,
    );
  });
});
