import { readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { describe, it } from "node:test";
import assert from "node:assert/strict";

/** The running stack seen the way a browser sees it: through NGINX on :8080 (brought up by npm start / npm test). */
const BASE = process.env.FLASHSALE_PUBLIC_URL ?? "http://127.0.0.1:8080";

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: fetch decompresses transparently, and these tests are about the bytes on the wire. */
function get(pathname: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(pathname, BASE), { method: "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${pathname} timed out`)));
    req.end();
  });
}

/** The largest client chunk of the current build: big enough that gzip_min_length never exempts it. */
function largestStaticChunk(): string {
  const dir = path.resolve(".next/static/chunks");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, size: statSync(path.join(dir, name)).size }))
    .sort((a, b) => b.size - a.size);
  const biggest = files[0];
  assert.ok(biggest, "the Next.js build has client chunks");
  return `/_next/static/chunks/${biggest.name}`;
}

describe("stack behind NGINX", () => {
  it("when /readyz is requested on NGINX's operations listener, then it answers 200 with every dependency up, and 404 on the public port", async () => {
    const res = await fetch("http://127.0.0.1:8081/readyz");
    assert.equal(res.status, 200);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, boolean> };
    assert.equal(body.ready, true);
    assert.deepEqual(body.checks, { mysql: true, redis: true, kafka: true });
    assert.equal((await get("/readyz")).status, 404);
  });

  it("when 30 requests go through NGINX, then all three app instances answer (distinct X-Instance-Id)", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const res = await get("/healthz");
      assert.equal(res.status, 200);
      const id = res.headers["x-instance-id"];
      assert.equal(typeof id, "string", "every response names its instance");
      seen.add(id as string);
    }
    assert.equal(seen.size, 3, `instances seen: ${[...seen].join(", ")}`);
  });

  it("when a hashed static asset is requested, then it is cached for a year as immutable", async () => {
    const res = await get(largestStaticChunk());
    assert.equal(res.status, 200);
    assert.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
  });

  it("when a client accepts gzip, then a JavaScript asset arrives gzip-compressed", async () => {
    const res = await get(largestStaticChunk(), { "accept-encoding": "gzip" });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "gzip");
    assert.deepEqual([...res.body.subarray(0, 2)], [0x1f, 0x8b], "body starts with the gzip magic number");
  });

  it("when a request forges x-middleware-subrequest (CVE-2025-29927), then the page is still served normally", async () => {
    const plain = await get("/");
    const forged = await get("/", {
      "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware",
    });
    assert.equal(plain.status, 200);
    assert.equal(forged.status, plain.status);
    assert.match(forged.body.toString(), /<html/i);
  });

  it("when nginx.conf is read, then every location clears x-middleware-subrequest before proxying", () => {
    // proxy_set_header inherits only into locations that set no header of their own, so the rule must appear in
    // each proxying location; this guards a future location that forgets it.
    const config = readFileSync("nginx.conf", "utf8");
    const locations = [...config.matchAll(/location\s+((?:[~=^*]+\s+)?[^\s{]+)\s*\{([\s\S]*?)\n {4}\}/g)];
    assert.ok(locations.length >= 5, "found the location blocks");
    assert.ok(
      locations.some(([, name]) => name?.includes("purchase")),
      "the purchase location is among them",
    );
    for (const [, name, block] of locations) {
      if (!block?.includes("proxy_pass")) continue;
      assert.match(block, /proxy_set_header\s+x-middleware-subrequest\s+""/, `location ${name} strips the header`);
    }
  });

  it("when a coupon image is requested under /images/, then NGINX serves it from the bucket with a day of caching", async () => {
    const res = await get("/images/demo/coupon-1.svg");
    assert.equal(res.status, 200);
    assert.match(String(res.headers["content-type"]), /image\/svg\+xml/);
    assert.equal(res.headers["cache-control"], "public, max-age=86400");
    assert.match(res.body.toString(), /<svg/);
  });
});
