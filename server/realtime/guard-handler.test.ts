import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { guardHandler } from "@/server/realtime/guard-handler";
import { createMessageLimiter } from "@/server/realtime/watch-limits";

/** Resolves with every unhandled rejection seen while `act` runs and a few turns after. */
async function unhandledDuring(act: () => void): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", record);
  try {
    act();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", record);
  }
  return seen;
}

describe("guardHandler", () => {
  it("when an async handler rejects (Redis down), then the client's ack gets INTERNAL and nothing goes unhandled", async () => {
    const acks: unknown[] = [];
    const handler = guardHandler("watch", async () => Promise.reject(new Error("Connection is closed.")));
    const unhandled = await unhandledDuring(() => handler({ couponIds: [1] }, (answer: unknown) => acks.push(answer)));
    assert.deepEqual(unhandled, []);
    assert.deepEqual(acks, [{ error: "INTERNAL", message: "Something went wrong on our side." }]);
  });

  it("when a handler throws synchronously and the ack is not a function, then nothing escapes", async () => {
    const handler = guardHandler("watch", () => {
      throw new TypeError("Cannot read properties of null");
    });
    const unhandled = await unhandledDuring(() => assert.doesNotThrow(() => handler(null, "not a function")));
    assert.deepEqual(unhandled, []);
  });

  it("when the ack itself throws, then nothing escapes either", async () => {
    const handler = guardHandler("watch", async () => Promise.reject(new Error("boom")));
    const unhandled = await unhandledDuring(() =>
      handler(() => {
        throw new Error("socket gone");
      }),
    );
    assert.deepEqual(unhandled, []);
  });
});

describe("createMessageLimiter", () => {
  it("when a socket sends more than five messages in a second, then the excess is refused until the next window", () => {
    const isAllowed = createMessageLimiter(5, 1000);
    const verdicts = [0, 100, 200, 300, 400, 500, 999].map((t) => isAllowed(10_000 + t));
    assert.deepEqual(verdicts, [true, true, true, true, true, false, false]);
    assert.equal(isAllowed(11_000), true);
  });
});
