import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MISSING, nullableStringL2, stringL2, type StringStore } from "@/server/infra/read-through-cache/string-l2";

/** A Map standing in for Redis that records every SET with its TTL. */
function fakeStore() {
  const values = new Map<string, string>();
  const sets: { key: string; value: string; ttlMs: number }[] = [];
  const store: StringStore = {
    get: (key) => Promise.resolve(values.get(key) ?? null),
    set: (key, value, _mode, ttlMs) => {
      values.set(key, value);
      sets.push({ key, value, ttlMs });
      return Promise.resolve("OK");
    },
  };
  return { store, values, sets };
}

type Payload = { n: number };
const json = {
  encode: (v: Payload): string => JSON.stringify(v),
  decode: (raw: string): Payload => JSON.parse(raw) as Payload,
};

describe("stringL2", () => {
  it("when a value is written, then it is encoded with a TTL within base ± jitter and read back decoded", async () => {
    const { store, sets } = fakeStore();
    const l2 = stringL2({ redis: store, key: "k", ttlMs: 10_000, jitterRatio: 0.1, ...json });

    assert.equal(await l2.readL2(), undefined, "absent is a miss, not a value");
    await l2.writeL2({ n: 7 });

    assert.deepEqual(await l2.readL2(), { n: 7 });
    assert.equal(sets[0]?.value, '{"n":7}');
    assert.ok(sets[0].ttlMs >= 9_000 && sets[0].ttlMs <= 11_000, `ttl ${sets[0]?.ttlMs}`);
  });
});

describe("nullableStringL2", () => {
  it("when null is written, then the MISSING marker is stored with the missing TTL and reads back as null", async () => {
    const { store, values, sets } = fakeStore();
    const l2 = nullableStringL2({
      redis: store,
      key: "k",
      ttlMs: 100_000,
      missingTtlMs: 1_000,
      jitterRatio: 0.1,
      ...json,
    });

    await l2.writeL2(null);

    assert.equal(values.get("k"), MISSING);
    assert.ok(sets[0]!.ttlMs >= 900 && sets[0]!.ttlMs <= 1_100, `ttl ${sets[0]?.ttlMs}`);
    assert.equal(await l2.readL2(), null);
  });

  it("when a value is written, then it uses the normal TTL and reads back as the value", async () => {
    const { store, sets } = fakeStore();
    const l2 = nullableStringL2({
      redis: store,
      key: "k",
      ttlMs: 100_000,
      missingTtlMs: 1_000,
      jitterRatio: 0.1,
      ...json,
    });

    await l2.writeL2({ n: 1 });

    assert.ok(sets[0]!.ttlMs >= 90_000, `ttl ${sets[0]?.ttlMs}`);
    assert.deepEqual(await l2.readL2(), { n: 1 });
  });
});
