import assert from "node:assert/strict";
import { describe, it } from "node:test";

/**
 * What the public NGINX server shows and hides (nginx.conf): operations endpoints only on the loopback
 * listener, bucket objects but never a listing, and the security headers on every kind of answer.
 */
const publicUrl = "http://127.0.0.1:8080";
const internalUrl = "http://127.0.0.1:8081";

async function get(url: string) {
  const response = await fetch(url, { redirect: "manual" });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe("edge: operations endpoints", () => {
  for (const path of ["/metrics", "/readyz", "/%6Detrics", "//readyz"]) {
    it(`when ${path} is asked of the public server, then 404 JSON`, async () => {
      const answer = await get(`${publicUrl}${path}`);
      assert.equal(answer.status, 404);
      assert.equal((JSON.parse(answer.text) as { error: string }).error, "NOT_FOUND");
      assert.doesNotMatch(answer.text, /# HELP|"ready"/);
    });
  }

  it("when the loopback listener is asked, then readiness and metrics answer", async () => {
    const ready = await get(`${internalUrl}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal((JSON.parse(ready.text) as { ready: boolean }).ready, true);
    const metrics = await get(`${internalUrl}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /# HELP /);
    assert.equal((await get(`${internalUrl}/`)).status, 404);
  });
});

describe("edge: coupon images", () => {
  for (const path of [
    "/images/",
    "/images/?list-type=2",
    "/images/?prefix=demo/",
    "/images/demo/",
    "/images/demo?list-type=2",
  ]) {
    it(`when ${path} is asked, then no bucket listing`, async () => {
      const answer = await get(`${publicUrl}${path}`);
      assert.equal(answer.status, 404);
      assert.doesNotMatch(answer.text, /ListBucketResult|<Key>/);
    });
  }

  it("when an object is asked, with or without a query, then the image comes back under a sandboxing CSP", async () => {
    for (const path of ["/images/demo/coupon-1.svg", "/images/demo/coupon-1.svg?list-type=2"]) {
      const answer = await get(`${publicUrl}${path}`);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers.get("content-type"), "image/svg+xml");
      assert.match(answer.headers.get("content-security-policy") ?? "", /default-src 'none'.*sandbox/);
    }
  });
});

describe("edge: security headers", () => {
  const answers = {
    page: "/",
    "JSON API": "/api/coupons",
    "cached JSON": "/api/coupons/1",
    "static asset": "/_next/static/no-such-file.js",
    "not found": "/no-such-page",
    "hidden endpoint": "/metrics",
    image: "/images/demo/coupon-1.svg",
  };
  for (const [kind, path] of Object.entries(answers)) {
    it(`when a ${kind} is served, then it carries nosniff, a referrer policy, no framing and no HSTS over HTTP`, async () => {
      const { headers } = await get(`${publicUrl}${path}`);
      assert.equal(headers.get("x-content-type-options"), "nosniff");
      assert.equal(headers.get("referrer-policy"), "strict-origin-when-cross-origin");
      assert.equal(headers.get("x-frame-options"), "DENY");
      assert.match(
        headers.get("content-security-policy") ?? "",
        kind === "image" ? /sandbox/ : /frame-ancestors 'none'/,
      );
      assert.equal(headers.get("strict-transport-security"), null);
    });
  }

  it("when a page is served, then its CSP allows only this origin's scripts, styles and connections", async () => {
    const csp = (await get(`${publicUrl}/`)).headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'unsafe-inline'(;|$)/);
    assert.match(csp, /connect-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /base-uri 'self'/);
  });
});
