import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RedisClient } from "@/server/infra/redis-client";
import { execPerMaster, getMany, keySlot } from "@/server/infra/redis-client";

describe("keySlot", () => {
  it("when a key has no hash tag, then its slot is CRC16 of the whole key modulo 16384", () => {
    assert.equal(keySlot("123456789"), 0x31c3); // the CRC16/XMODEM check value
    assert.equal(keySlot("foo"), 12182);
    assert.equal(keySlot("bar"), 5061);
  });

  it("when a key has a hash tag, then only the tag is hashed; an empty tag does not count", () => {
    assert.equal(keySlot("{coupon:7}:stock"), keySlot("{coupon:7}:pending"));
    assert.equal(keySlot("foo{bar}{zap}"), keySlot("bar"));
    assert.notEqual(keySlot("foo{}{bar}"), keySlot("bar"));
    assert.equal(keySlot("foo{{bar}}zap"), keySlot("{bar"));
  });
});

/** A stand-in cluster of two masters: slots below 8192 on A, the rest on B; it records each pipeline sent. */
function fakeCluster() {
  const sent: { node: string; commands: string[][] }[] = [];
  const slots: string[][] = [];
  for (let slot = 0; slot < 16384; slot++) slots[slot] = [slot < 8192 ? "127.0.0.1:7001" : "127.0.0.1:7002"];
  const pipeline = () => {
    const commands: string[][] = [];
    const p = {
      get length() {
        return commands.length;
      },
      get(key: string) {
        commands.push(["get", key]);
        return p;
      },
      exec() {
        const node = slots[keySlot(commands[0]![1]!)]![0]!;
        sent.push({ node, commands });
        return Promise.resolve(commands.map(([, key]) => [null, `value of ${key}`]));
      },
    };
    return p;
  };
  const client = { isCluster: true, slots, pipeline } as unknown as RedisClient;
  return { client, sent };
}

describe("getMany", () => {
  it("when the client is one node, then it is one MGET", async () => {
    const calls: string[][] = [];
    const client = {
      isCluster: false,
      mget: (keys: string[]) => (calls.push(keys), Promise.resolve(keys.map(() => "1"))),
    } as unknown as RedisClient;
    assert.deepEqual(await getMany(client, ["{coupon:1}:stock", "{coupon:2}:stock"]), ["1", "1"]);
    assert.deepEqual(calls, [["{coupon:1}:stock", "{coupon:2}:stock"]]);
  });

  it("when the client is a cluster, then one pipeline per master, and values come back in the order asked", async () => {
    const { client, sent } = fakeCluster();
    const keys = Array.from({ length: 20 }, (_, i) => `{coupon:${i + 1}}:stock`);
    assert.ok(new Set(keys.map((k) => keySlot(k) < 8192)).size === 2, "the keys span both masters");
    assert.deepEqual(
      await getMany(client, keys),
      keys.map((key) => `value of ${key}`),
    );
    assert.equal(sent.length, 2, "one pipeline per master");
    for (const { node, commands } of sent) {
      assert.ok(
        commands.every(([, key]) => (keySlot(key!) < 8192 ? "127.0.0.1:7001" : "127.0.0.1:7002") === node),
        "each pipeline holds only its master's keys",
      );
    }
  });

  it("when an entry queues several commands, then its replies stay together in order", async () => {
    const { client } = fakeCluster();
    const replies = await execPerMaster(client, [
      { key: "{coupon:1}:a", queue: (p) => p.get("{coupon:1}:a").get("{coupon:1}:b") },
      { key: "{coupon:2}:a", queue: (p) => p.get("{coupon:2}:a") },
      { key: "{coupon:3}:a", queue: (p) => p.get("{coupon:3}:a").get("{coupon:3}:b") },
    ]);
    assert.deepEqual(
      replies.map(([, value]) => value),
      ["{coupon:1}:a", "{coupon:1}:b", "{coupon:2}:a", "{coupon:3}:a", "{coupon:3}:b"].map((key) => `value of ${key}`),
    );
  });
});
