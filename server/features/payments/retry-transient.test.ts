import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { withTransientRetry } from "@/server/features/payments/retry-transient";

const mysqlError = (errno: number) =>
  Object.assign(new Error("Failed query"), {
    cause: Object.assign(new Error(`errno ${errno}`), { errno, sqlState: "HY000" }),
  });
const lostConnection = Object.assign(new Error("Connection lost: The server closed the connection."), {
  code: "PROTOCOL_CONNECTION_LOST",
});
const noSleep = { sleep: async () => undefined };

describe("withTransientRetry", () => {
  for (const [what, error] of [
    ["a lock wait timeout", mysqlError(1205)],
    ["a deadlock", mysqlError(1213)],
    ["a lost connection", lostConnection],
  ] as const) {
    it(`when ${what} happens, then the transaction runs again and its result is returned`, async () => {
      let runs = 0;
      const result = await withTransientRetry(async () => {
        runs += 1;
        if (runs < 3) throw error;
        return "settled";
      }, noSleep);
      assert.equal(result, "settled");
      assert.equal(runs, 3);
    });
  }

  it("when the error is not transient, then it is thrown at once", async () => {
    let runs = 0;
    await assert.rejects(
      withTransientRetry(async () => {
        runs += 1;
        throw mysqlError(1062);
      }, noSleep),
    );
    assert.equal(runs, 1);
  });

  it("when the failure outlasts the attempts, then the last error is thrown, after waits that grow and are capped", async () => {
    const waits: number[] = [];
    await assert.rejects(
      withTransientRetry(async () => Promise.reject(mysqlError(1205)), {
        attempts: 6,
        baseDelayMs: 100,
        maxDelayMs: 400,
        sleep: async (ms) => void waits.push(ms),
      }),
      (error: Error) => error.message === "Failed query",
    );
    assert.equal(waits.length, 5);
    waits.forEach((ms, i) => {
      const ceiling = Math.min(400, 100 * 2 ** i);
      assert.ok(ms >= ceiling / 2 && ms <= ceiling, `wait ${i} = ${ms}`);
    });
  });
});
