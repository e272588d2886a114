import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MicroBatcher } from "@/server/features/orders/micro-batcher";

function fakeSender(fail = false) {
  const batches: number[][] = [];
  return {
    batches,
    send: async (items: number[]) => {
      batches.push(items);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (fail) throw new Error("broker refused");
    },
  };
}

describe("micro-batcher", () => {
  it("when items arrive within the linger, then they go out in one send", async () => {
    const sender = fakeSender();
    const batcher = new MicroBatcher({ lingerMs: 5, maxBatch: 100, send: sender.send });
    await Promise.all([1, 2, 3].map((n) => batcher.submit(n)));
    assert.deepEqual(sender.batches, [[1, 2, 3]]);
  });

  it("when maxBatch items are waiting, then the batch leaves without waiting for the linger", async () => {
    const sender = fakeSender();
    const batcher = new MicroBatcher({ lingerMs: 10_000, maxBatch: 2, send: sender.send });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    assert.deepEqual(sender.batches, [
      [1, 2],
      [3, 4],
    ]);
    assert.ok(Date.now() - started < 1_000);
  });

  it("when the send fails, then every submitter of that batch gets the error", async () => {
    const sender = fakeSender(true);
    const batcher = new MicroBatcher({ lingerMs: 1, maxBatch: 10, send: sender.send });
    const results = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
  });

  it("when items arrive after a batch left, then they form the next batch", async () => {
    const sender = fakeSender();
    const batcher = new MicroBatcher({ lingerMs: 1, maxBatch: 10, send: sender.send });
    await batcher.submit(1);
    await batcher.submit(2);
    assert.deepEqual(sender.batches, [[1], [2]]);
  });

  it("when drained, then waiting items are sent at once", async () => {
    const sender = fakeSender();
    const batcher = new MicroBatcher({ lingerMs: 10_000, maxBatch: 10, send: sender.send });
    const pending = batcher.submit(7);
    await batcher.drain();
    await pending;
    assert.deepEqual(sender.batches, [[7]]);
  });
});

describe("micro-batcher, one batch in flight", () => {
  it("when items arrive while a batch is being sent, then they wait and leave together as soon as it completes", async () => {
    const batches: number[][] = [];
    let releaseFirst: () => void = () => undefined;
    const send = async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
    };
    const batcher = new MicroBatcher({ lingerMs: 1, maxBatch: 100, send });
    const first = batcher.submit(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(batches, [[1]], "nothing else is sent while the first batch is out");
    releaseFirst();
    await Promise.all([first, ...later]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it("when more than maxBatch items wait, then they leave in maxBatch-sized sends", async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher({
      lingerMs: 1,
      maxBatch: 2,
      send: async (items: number[]) => void batches.push(items),
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    assert.deepEqual(batches, [[1, 2], [3, 4], [5]]);
  });
});
