import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, isAppError } from "@/server/errors";
import { toErrorResponse } from "@/server/http/error-response";

describe("AppError", () => {
  it("when a refusal is created, then it carries its code and status but no stack frames", () => {
    const error = new AppError("SOLD_OUT");
    assert.equal(error.status, 409);
    assert.equal(isAppError(error), true);
    assert.doesNotMatch(error.stack ?? "", /\n\s+at /);
  });

  it("when a server-side failure is created, then its stack is kept, and the global limit is restored", () => {
    const before = Error.stackTraceLimit;
    const error = new AppError("INTERNAL");
    assert.match(error.stack ?? "", /\n\s+at /);
    new AppError("NOT_FOUND");
    assert.equal(Error.stackTraceLimit, before);
  });

  it("when anything else is thrown, then the client sees a generic 500 and the caller is told", () => {
    let reported: unknown;
    const mapped = toErrorResponse(new Error("db password leaked in message"), (error) => (reported = error));
    assert.equal(mapped.status, 500);
    assert.deepEqual(mapped.body, { error: "INTERNAL", message: "Something went wrong on our side." });
    assert.ok(reported instanceof Error);
  });

  it("when a retry is advised, then Retry-After is set", () => {
    const mapped = toErrorResponse(new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 2 }));
    assert.equal(mapped.status, 503);
    assert.equal(mapped.headers["retry-after"], "2");
  });
});

describe("toErrorResponse with dependency failures", () => {
  const cases: [string, unknown, string][] = [
    ["a Redis command timeout", new Error("Command timed out"), "1"],
    [
      "Redis unreachable with the offline queue off",
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      "1",
    ],
    [
      "ioredis giving up on a request",
      Object.assign(new Error("Reached the max retries per request limit (which is 1)."), {
        name: "MaxRetriesPerRequestError",
      }),
      "1",
    ],
    [
      "the MySQL pool's acquire timeout",
      Object.assign(new Error("no MySQL connection within 1000 ms"), { code: "DB_ACQUIRE_TIMEOUT" }),
      "2",
    ],
    ["a full MySQL queue", new Error("Queue limit reached."), "2"],
    [
      "a refused MySQL connect wrapped by drizzle",
      Object.assign(new Error("Failed query: select 1"), {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      }),
      "2",
    ],
    [
      "a MySQL lock wait timeout",
      Object.assign(new Error("Failed query"), {
        cause: Object.assign(new Error("Lock wait timeout exceeded"), { errno: 1205, sqlState: "HY000" }),
      }),
      "2",
    ],
    [
      "a silent MySQL statement",
      Object.assign(new Error("Query inactivity timeout"), { code: "PROTOCOL_SEQUENCE_TIMEOUT" }),
      "2",
    ],
    ["a Kafka error", Object.assign(new Error("Connection timeout"), { name: "KafkaJSConnectionError" }), "2"],
  ];
  for (const [what, error, retryAfter] of cases) {
    it(`when ${what} reaches a door, then the client gets 503 TRY_AGAIN_LATER with Retry-After ${retryAfter}`, () => {
      const mapped = toErrorResponse(error);
      assert.equal(mapped.status, 503);
      assert.equal(mapped.body.error, "TRY_AGAIN_LATER");
      assert.equal(mapped.headers["retry-after"], retryAfter);
    });
  }

  it("when a MySQL error is about the query itself, then it stays a 500", () => {
    const duplicate = Object.assign(new Error("Duplicate entry"), {
      errno: 1062,
      sqlState: "23000",
      code: "ER_DUP_ENTRY",
    });
    assert.equal(toErrorResponse(duplicate).status, 500);
    // An errno without a server sqlState is not a MySQL error at all.
    assert.equal(toErrorResponse(Object.assign(new Error("x"), { errno: 1205 })).status, 500);
  });

  it("when dependency failures flood in, then the caller is told of them at most once a second", () => {
    let told = 0;
    for (let i = 0; i < 50; i += 1) toErrorResponse(new Error("Command timed out"), () => (told += 1));
    assert.ok(told <= 1, `told ${told} times`);
  });
});
