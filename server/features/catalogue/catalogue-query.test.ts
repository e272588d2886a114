import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCouponId, parseListQuery } from "@/server/features/catalogue/catalogue-query";
import { AppError } from "@/server/errors";

const isBadRequest = (error: unknown) => error instanceof AppError && error.code === "BAD_REQUEST";

describe("parseListQuery", () => {
  it("when page and size are absent, then page 1 of 20", () => {
    assert.deepEqual(parseListQuery(new URLSearchParams("")), { page: 1, size: 20 });
  });
  it("when both are valid, then they are numbers and other parameters are ignored", () => {
    assert.deepEqual(parseListQuery(new URLSearchParams("page=3&size=100&_=123")), { page: 3, size: 100 });
  });
  for (const query of [
    "page=0",
    "page=-1",
    "page=abc",
    "page=1.5",
    "page=1e3",
    "page=10001",
    "size=0",
    "size=101",
    "size=99999999999999999999",
    "page=",
    "page= 1",
    "page=1&page=2",
    "size=0x10",
  ]) {
    it(`when the query is "${query}", then 400 BAD_REQUEST`, () => {
      assert.throws(() => parseListQuery(new URLSearchParams(query)), isBadRequest);
    });
  }
});

describe("parseCouponId", () => {
  it("when the id is digits within the safe range, then it is a number", () => {
    assert.equal(parseCouponId("42"), 42);
  });
  for (const raw of ["0", "-1", "abc", "1.0", "9007199254740993", "", undefined]) {
    it(`when the id is ${JSON.stringify(raw)}, then 400 BAD_REQUEST`, () => {
      assert.throws(() => parseCouponId(raw), isBadRequest);
    });
  }
});
