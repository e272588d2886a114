import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  isDuplicateKey,
  isLockConflict,
  isTransientMysqlServerError,
  MYSQL_ERRNO,
  mysqlErrnoOf,
} from "@/server/infra/mysql-errors";

/** Shaped like mysql2's server error: errno, code, sqlState, and the server's message. */
const serverError = (errno: number, message = `server errno ${errno}`) =>
  Object.assign(new Error(message), { errno, code: "ER_SOMETHING", sqlState: "HY000" });
/** Shaped like drizzle's query error: its own message, the driver's error as `cause`. */
const drizzleWrapped = (cause: unknown) => new Error("Failed query: insert into `orders` ...", { cause });

describe("mysqlErrnoOf", () => {
  it("when the driver's error is thrown bare, then its errno is read", () => {
    assert.equal(mysqlErrnoOf(serverError(1213)), MYSQL_ERRNO.LOCK_DEADLOCK);
  });

  it("when drizzle wraps it, once or inside a transaction's error, then the errno is found in the cause chain", () => {
    assert.equal(mysqlErrnoOf(drizzleWrapped(serverError(1205))), MYSQL_ERRNO.LOCK_WAIT_TIMEOUT);
    assert.equal(mysqlErrnoOf(new Error("rollback", { cause: drizzleWrapped(serverError(1062)) })), 1062);
  });

  it("when no error in the chain has a numeric errno, then it is undefined, also for non-errors and cycles", () => {
    assert.equal(mysqlErrnoOf(drizzleWrapped(new Error("no errno"))), undefined);
    assert.equal(mysqlErrnoOf(Object.assign(new Error("x"), { errno: "1062" })), undefined);
    assert.equal(mysqlErrnoOf(undefined), undefined);
    assert.equal(mysqlErrnoOf("1062"), undefined);
    const looped: { cause?: unknown } = {};
    looped.cause = looped;
    assert.equal(mysqlErrnoOf(looped), undefined);
  });
});

describe("isDuplicateKey", () => {
  const ownership = serverError(1062, "Duplicate entry 'u-1-7' for key 'user_coupons_user_coupon_uq'");

  it("when a unique index refused the row, then it is a duplicate, wrapped or not", () => {
    assert.equal(isDuplicateKey(ownership), true);
    assert.equal(isDuplicateKey(drizzleWrapped(ownership)), true);
  });

  it("when an index is named, then only a duplicate on that index counts", () => {
    assert.equal(isDuplicateKey(drizzleWrapped(ownership), "user_coupons_user_coupon_uq"), true);
    const primary = serverError(1062, "Duplicate entry 'o-1' for key 'PRIMARY'");
    assert.equal(isDuplicateKey(drizzleWrapped(primary), "user_coupons_user_coupon_uq"), false);
  });

  it("when the error is another errno or none, then it is not a duplicate", () => {
    assert.equal(isDuplicateKey(drizzleWrapped(serverError(1213))), false);
    assert.equal(isDuplicateKey(new Error("Duplicate entry 'x' for key 'y'")), false);
  });
});

describe("isLockConflict", () => {
  it("when the transaction deadlocked or timed out waiting for a lock, then it is a lock conflict", () => {
    assert.equal(isLockConflict(drizzleWrapped(serverError(1213))), true);
    assert.equal(isLockConflict(drizzleWrapped(serverError(1205))), true);
  });

  it("when it failed otherwise, then it is not", () => {
    assert.equal(isLockConflict(drizzleWrapped(serverError(1062))), false);
    assert.equal(isLockConflict(drizzleWrapped(serverError(2013))), false);
  });
});

describe("isTransientMysqlServerError", () => {
  it("when the server error is one a retry cures, then it is transient", () => {
    for (const errno of [1205, 1213, 1969, 1927, 1040, 1053, 2006, 2013]) {
      assert.equal(isTransientMysqlServerError(serverError(errno)), true, `errno ${errno}`);
    }
  });

  it("when the errno is not retry-curable or there is no sqlState, then it is not", () => {
    assert.equal(isTransientMysqlServerError(serverError(1062)), false);
    assert.equal(isTransientMysqlServerError(Object.assign(new Error("x"), { errno: 1205 })), false);
  });

  it("when the transient error is only the cause, then this object alone is not (the caller walks the chain)", () => {
    assert.equal(isTransientMysqlServerError(drizzleWrapped(serverError(1205))), false);
  });
});
