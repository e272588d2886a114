import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ApiError, apiFetch } from "@/components/api-client";

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Answers in turn; records what each call sent. */
function fakeApi(answers: Response[]) {
  const sent: { headers: Record<string, string> }[] = [];
  globalThis.fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ headers: init?.headers as Record<string, string> });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return Promise.resolve(next);
  };
  return sent;
}

const refusal = (status: number, error: string, retryAfter: string) =>
  Response.json({ error, message: error }, { status, headers: { "retry-after": retryAfter } });

describe("apiFetch", () => {
  for (const [status, error] of [
    [429, "RATE_LIMITED"],
    [503, "TRY_AGAIN_LATER"],
  ] as const) {
    it(`when the API answers ${status} with Retry-After, then the client says it is busy, waits that long and retries the same request`, async () => {
      const sent = fakeApi([refusal(status, error, "1"), Response.json({ orderId: "o-1" }, { status: 202 })]);
      const waits: number[] = [];
      const started = Date.now();
      const body = await apiFetch<{ orderId: string }>("/api/coupons/1/purchase", {
        method: "POST",
        headers: { "idempotency-key": "k-1" },
        onBusy: (seconds) => waits.push(seconds),
      });
      assert.equal(body.orderId, "o-1");
      assert.deepEqual(waits, [1]);
      assert.ok(Date.now() - started >= 950, "waited for Retry-After");
      assert.deepEqual(
        sent.map((s) => s.headers["idempotency-key"]),
        ["k-1", "k-1"],
      );
    });
  }

  it("when the retries run out, then the refusal reaches the caller with its code", async () => {
    fakeApi([refusal(429, "RATE_LIMITED", "1")]);
    await assert.rejects(
      apiFetch("/x", { busyRetries: 0 }),
      (e: unknown) => e instanceof ApiError && e.code === "RATE_LIMITED" && e.retryAfterSeconds === 1,
    );
  });
});
