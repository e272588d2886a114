import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppError } from "@/server/errors";
import { createNativeRouter, refuseMalformedPath, refuseUnservedMethod } from "@/server/http/native-router";

const router = createNativeRouter([
  { method: "POST", path: "/api/coupons/:id/purchase", handle: async () => undefined },
  { method: "GET", path: "/healthz", handle: async () => undefined },
]);

describe("native router", () => {
  it("when a parameter is percent-encoded, then it arrives decoded", () => {
    assert.equal(router.match("POST", "/api/coupons/4%32/purchase")?.params.id, "42");
  });

  for (const escape of ["%", "%E0", "%zz", "%C3%28", "%ED%A0%80", "a%"]) {
    it(`when a parameter holds the malformed escape ${escape}, then matching throws 400 BAD_REQUEST, not a URIError`, () => {
      assert.throws(
        () => router.match("POST", `/api/coupons/${escape}/purchase`),
        (error: unknown) => isAppError(error) && error.code === "BAD_REQUEST",
      );
    });
  }

  it("when a malformed escape sits outside any route, then nothing matches and nothing throws", () => {
    assert.equal(router.match("GET", "/coupons/%E0"), undefined);
  });

  it("when the path is 20 KB long, then matching answers at once", () => {
    const started = performance.now();
    assert.throws(() => router.match("POST", `/api/coupons/${"%E0".repeat(7000)}/purchase`));
    assert.equal(router.match("GET", `/${"a/".repeat(10_000)}`), undefined);
    assert.ok(performance.now() - started < 100);
  });
});

describe("refuseMalformedPath", () => {
  it("when a path Next would serve holds a malformed escape, then 400 BAD_REQUEST; a good escape passes", () => {
    for (const path of ["/coupons/%E0", "/api/orders/%", "/api/admin/coupons/%zz", "/%ED%A0%80"]) {
      assert.throws(
        () => refuseMalformedPath(path),
        (error: unknown) => isAppError(error) && error.code === "BAD_REQUEST",
        path,
      );
    }
    assert.doesNotThrow(() => refuseMalformedPath("/coupons/%E2%82%AC"));
    assert.doesNotThrow(() => refuseMalformedPath("/coupons/12"));
  });
});

describe("refuseUnservedMethod", () => {
  it("when the method is one no route serves (TRACE, PROPFIND), then 400 BAD_REQUEST; the usual ones pass", () => {
    for (const method of ["TRACE", "PROPFIND", "get", "M-SEARCH", undefined]) {
      assert.throws(
        () => refuseUnservedMethod(method),
        (error: unknown) => isAppError(error) && error.code === "BAD_REQUEST",
        String(method),
      );
    }
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
      assert.doesNotThrow(() => refuseUnservedMethod(method));
  });
});
