import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, isAppError, toErrorResponse } from "@/server/http/app-error";

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
