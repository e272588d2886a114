import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { and, count, eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { orders, userCoupons } from "@/drizzle/schema";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";

/**
 * Hostile input at every door of the running stack (`npm start`), through NGINX and straight at an instance:
 * whatever arrives, nothing answers 5xx, no instance stops, and no stock, credit or order changes. Purchases that
 * could succeed are kept out: a real token only ever meets the ended fixture coupon or ids that cannot parse.
 */
const targets = [
  { name: "NGINX", port: 8080 },
  { name: "instance 3001", port: 3001 },
];
const instances = [1, 2, 3] as const;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Every route: native (server/http/*routes*.ts, and bench/strategy-routes.ts, which the stack's bench/server.ts
 * adds), App Router handlers (app/api/**\/route.ts) and pages.
 */
const routes = [
  "/healthz",
  "/readyz",
  "/metrics",
  "/api/coupons",
  "/api/coupons/:id",
  "/api/coupons/:id/purchase",
  "/api/bench/:strategy/coupons/:id/purchase",
  "/api/bench/native-noop",
  "/api/bench/coupons-cached-stock",
  "/api/bench/noop",
  "/api/admin/coupons",
  "/api/admin/coupons/:id",
  "/api/admin/coupons/:id/stats",
  "/api/admin/coupons/:id/image",
  "/api/admin/coupons/:id/sale",
  "/api/auth/federated-logout",
  "/api/auth/:nextauth",
  "/api/auth/:nextauth/:provider",
  "/api/me",
  "/api/me/orders",
  "/api/orders/:orderId",
  "/",
  "/coupons/:id",
  "/me/coupons",
  "/admin",
];

const badEscapes = ["%", "%E0", "%zz", "%C3%28", "%ED%A0%80", "%00", "%FF", "%%", "%u0041", "%2F", "a%"];

let shopperToken = "";
let shopperId = "";
let liveCouponId = 0;
let endedCouponId = 0;
let pidsAtStart: string[] = [];
let stateAtStart: unknown;

async function appPids(): Promise<string[]> {
  return Promise.all(instances.map(async (n) => (await readFile(`.run/pids/app-${n}.pid`, "utf8")).trim()));
}

async function assertInstancesAlive(pidsBefore: string[]) {
  assert.deepEqual(await appPids(), pidsBefore, "an app instance was restarted (its pid changed)");
  for (const n of instances) {
    const health = await fetch(`http://127.0.0.1:300${n}/healthz`, { signal: AbortSignal.timeout(5000) });
    assert.equal(health.status, 200, `instance 300${n} /healthz`);
  }
}

/** What hostile input must never change: live stock in Redis, the shopper's credit and the fixtures' orders. */
async function saleSnapshot() {
  const keysOf = (id: number) => couponKeys(id);
  const redisState = await Promise.all(
    [liveCouponId, endedCouponId].map(async (id) => ({
      stock: await redis.get(keysOf(id).stock),
      buyers: await redis.scard(keysOf(id).buyers),
      pending: await redis.hlen(keysOf(id).pending),
    })),
  );
  const me = (await (
    await fetch("http://127.0.0.1:3001/api/me", { headers: { authorization: `Bearer ${shopperToken}` } })
  ).json()) as {
    credit: number;
  };
  const fixtureIds = [liveCouponId, endedCouponId];
  const [orderCount] = await db.select({ n: count() }).from(orders).where(inArray(orders.couponId, fixtureIds));
  const [shopperOrders] = await db.select({ n: count() }).from(orders).where(eq(orders.userId, shopperId));
  const [owned] = await db
    .select({ n: count() })
    .from(userCoupons)
    .where(and(inArray(userCoupons.couponId, fixtureIds), eq(userCoupons.userId, shopperId)));
  return { redisState, credit: me.credit, orders: orderCount?.n, shopperOrders: shopperOrders?.n, owned: owned?.n };
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One raw request: node:http sends the path exactly as given, escapes and all. A network error is status 0. */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += text.length < 4096 ? part : ""));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      res.on("error", () => resolve({ status: 0, body: "", headers: {} }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      req.destroy();
      reject(new Error(`${method} ${path.slice(0, 120)} did not answer within ${REQUEST_TIMEOUT_MS} ms`));
    });
    // The server may refuse and close before reading a large body; that is an answer, not a failure. The 431 for
    // an oversized path carries a JSON body, which node:http's HEAD and TRACE clients do not expect: also an answer.
    req.on("error", (error: NodeJS.ErrnoException) => {
      const isAnswered =
        ["ECONNRESET", "EPIPE"].includes(error.code ?? "") ||
        (error.code === "HPE_CLOSED_CONNECTION" && path.length > 16_000);
      if (isAnswered) resolve({ status: 0, body: "", headers: {} });
      else reject(error);
    });
    req.end(body);
  });
}

/** A path segment no purchase can be made with: it never decodes to digits alone. */
const junkSegment = fc.oneof(
  fc.constantFrom(...badEscapes),
  fc.webSegment().map((s) => `x${s}`),
  fc.array(fc.constantFrom(...badEscapes), { minLength: 1, maxLength: 6 }).map((parts) => `z${parts.join("")}`),
  fc.constantFrom("-1", "0", "1.5", "1e3", "0x10", "99999999999999999999", "%2e%2e", "..", "%20", "+1"),
  // 20 KB, past NGINX's and Node's header limits alike.
  fc.constantFrom("a", "%41", "%E0", "%").map((unit) => `q${unit.repeat(Math.ceil(20_000 / unit.length))}`),
);

const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "TRACE");
const headerValue = fc.string({
  maxLength: 300,
  unit: fc.constantFrom("a", "Z", "9", " ", ";", '"', "=", ",", "/", "%", "{", "\\"),
});
const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,20}$/), headerValue, { maxKeys: 5 });
const junkAuth = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("Bearer", "Bearer ", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer a.b.c", `Bearer ${"e".repeat(3000)}`),
  headerValue.map((v) => `Bearer ${v}`),
  fc.base64String({ minLength: 10, maxLength: 400 }).map((v) => `Bearer eyJhbGciOiJSUzI1NiJ9.${v}.${v}`),
);
const cookie = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    "next-auth.session-token=junk",
    "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z",
    "a=b; a=c; %E0=%E0",
  ),
);
const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data",
  "application/merge-patch+json",
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 3000 }),
  fc.constant("{".repeat(5000)),
  fc.constant("[".repeat(20_000)),
  fc.constant(
    '{"name":"x","description":"","price":100,"totalStock":1,"saleStart":"0001-01-01T00:00:00Z","saleEnd":"9999-01-01T00:00:00Z"}',
  ),
  fc.constant('{"price":1e309,"totalStock":-0,"action":"end","couponIds":[1,2,3]}'),
  fc.constant(`{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}`),
  fc.constant(
    `--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\n${"\u0000".repeat(100)}\r\n--xyz--\r\n`,
  ),
  fc.constant("a".repeat(70_000)),
);
const query = fc.oneof(
  fc.constant(""),
  fc.constantFrom(
    "?page=0",
    "?size=101",
    "?page=%E0",
    "?page=1&page=2",
    "?%=%",
    "?size=1e3",
    "?page=99999999999999999999",
    "?callbackUrl=%E0",
  ),
  fc.webQueryParameters().map((q) => `?${q}`),
);

function fillRoute(template: string, segments: string[]): string {
  let i = 0;
  return template.replace(/:[a-z]+/gi, () => segments[i++ % segments.length]!);
}

before(async () => {
  pidsAtStart = await appPids();
  await assertInstancesAlive(pidsAtStart);
  const shopper = await createKeycloakUser();
  shopperToken = await passwordGrant(shopper.email, shopper.password);
  shopperId = (JSON.parse(Buffer.from(shopperToken.split(".")[1]!, "base64url").toString()) as { sub: string }).sub;
  liveCouponId = await createCoupon({ stock: 5 });
  endedCouponId = await createCoupon({ stock: 5, startOffsetMs: -7_200_000, endOffsetMs: -3_600_000 });
  await warmCouponSale(liveCouponId);
  await warmCouponSale(endedCouponId);
  stateAtStart = await saleSnapshot();
});

after(async () => {
  await closeConnections();
});

describe("hostile HTTP input against the running stack", () => {
  it("when the bad escapes and a 20 KB segment sit in every route position, three times each, then 4xx and every instance keeps its pid", async () => {
    const segments = ["%E0", "%", "%zz", "%C3%28", "%ED%A0%80", "%00", `q${"a".repeat(20_000)}`];
    const failures: string[] = [];
    for (const { port } of targets) {
      for (const template of routes) {
        const positions = Math.max(1, (template.match(/:[a-z]+/gi) ?? []).length);
        for (const segment of segments) {
          for (let position = 0; position < positions; position++) {
            // Only the chosen position is hostile; the others hold the ended coupon's id, so nothing can be bought.
            let i = 0;
            const path = template.includes(":")
              ? template.replace(/:[a-z]+/gi, () => (i++ === position ? segment : String(endedCouponId)))
              : `${template}/${segment}`;
            for (let round = 0; round < 3; round++) {
              const method =
                template.endsWith("purchase") || template.endsWith("sale") || template.endsWith("image")
                  ? "POST"
                  : "GET";
              const answer = await send(port, method, path, { authorization: `Bearer ${shopperToken}` });
              if (answer.status >= 500)
                failures.push(`${port} ${method} ${path.slice(0, 80)} → ${answer.status} ${answer.body.slice(0, 80)}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    await assertInstancesAlive(pidsAtStart);
  });

  it("when random methods, paths, headers and bodies hit every route, anonymous or with a shopper token, then never 5xx", async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const hostileRequest = fc.record({
      target: fc.constantFrom(...targets),
      template: fc.constantFrom(...routes),
      segments: fc.array(junkSegment, { minLength: 1, maxLength: 3 }),
      useEndedId: fc.boolean(),
      query,
      method,
      auth: fc.oneof(junkAuth, fc.constant("shopper" as const)),
      cookie,
      contentType,
      body,
      extraHeaders,
      viaNext: fc.boolean(),
    });
    try {
      await fc.assert(
        fc.asyncProperty(hostileRequest, async (r) => {
          // The live coupon's id is never sent with a real token: only the ended one, or ids that cannot parse.
          const segments = r.useEndedId && r.auth === "shopper" ? [String(endedCouponId), ...r.segments] : r.segments;
          const path = `${fillRoute(r.template, segments)}${r.query}`;
          const headers: Record<string, string> = { ...r.extraHeaders };
          const auth = r.auth === "shopper" ? `Bearer ${shopperToken}` : r.auth;
          if (auth !== undefined) headers.authorization = auth;
          if (r.cookie !== undefined) headers.cookie = r.cookie;
          if (r.contentType !== undefined) headers["content-type"] = r.contentType;
          if (r.viaNext) headers["x-bench-door"] = "next";
          const answer = await send(
            r.target.port,
            r.method,
            path,
            headers,
            ["GET", "HEAD", "TRACE"].includes(r.method) ? undefined : r.body,
          );
          assert.ok(
            answer.status < 500,
            `${r.target.name} ${r.method} ${path.slice(0, 200)} → ${answer.status} ${answer.body.slice(0, 200)}`,
          );
          if (
            answer.status >= 400 &&
            answer.headers["content-type"]?.toString().startsWith("application/json") &&
            r.method !== "HEAD"
          ) {
            const parsed = JSON.parse(answer.body) as { error?: unknown; message?: unknown };
            assert.equal(typeof parsed.error, "string", `JSON error body without a code: ${answer.body.slice(0, 200)}`);
          }
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed, endOnFailure: true },
      );
    } catch (error) {
      console.error(`fuzz-http failed with seed ${seed} (rerun with FUZZ_SEED=${seed})`);
      throw error;
    }
    await assertInstancesAlive(pidsAtStart);
  });

  it("when a body passes NGINX's limit or the app's, then both refuse it as JSON 413 PAYLOAD_TOO_LARGE", async () => {
    const overNginx = await send(
      8080,
      "POST",
      "/api/admin/coupons",
      { "content-type": "application/json" },
      "a".repeat(3 * 1024 * 1024 + 1),
    );
    assert.equal(overNginx.status, 413);
    assert.equal((JSON.parse(overNginx.body) as { error: string }).error, "PAYLOAD_TOO_LARGE");
    const overPurchase = await send(
      8080,
      "POST",
      `/api/coupons/${endedCouponId}/purchase`,
      { authorization: `Bearer ${shopperToken}`, "content-type": "application/json" },
      JSON.stringify({ pad: "a".repeat(4096) }),
    );
    assert.deepEqual(
      [overPurchase.status, (JSON.parse(overPurchase.body) as { error: string }).error],
      [413, "PAYLOAD_TOO_LARGE"],
    );
    const wrongType = await send(
      3001,
      "POST",
      `/api/coupons/${endedCouponId}/purchase`,
      { authorization: `Bearer ${shopperToken}`, "content-type": "text/plain" },
      "{}",
    );
    assert.deepEqual(
      [wrongType.status, (JSON.parse(wrongType.body) as { error: string }).error],
      [415, "UNSUPPORTED_MEDIA_TYPE"],
    );
  });

  it("when next-auth gets an empty, malformed or non-object JSON body, or a callbackUrl that is no URL, then 400 BAD_REQUEST, not a 500 from inside the library", async () => {
    // Straight to an instance: the answer is the app's, and NGINX's per-address limit on /api/auth/ (which the
    // random requests above may have used up) would otherwise answer some of these with 429.
    for (const body of ["", "#DHS}48z", "null", "[1]", '"text"']) {
      for (const path of ["/api/auth/session", "/api/auth/143", "/api/auth/signout"]) {
        const answer = await send(3001, "POST", path, { "content-type": "application/json" }, body);
        assert.deepEqual(
          [answer.status, (JSON.parse(answer.body) as { error: string }).error],
          [400, "BAD_REQUEST"],
          `${path} ${body}`,
        );
      }
    }
    for (const query of ["callbackUrl=%E0", "callbackUrl=abc", "callbackUrl=javascript:alert(1)"]) {
      for (const method of ["GET", "POST"]) {
        const answer = await send(3001, method, `/api/auth/session?${query}`, {});
        assert.deepEqual(
          [answer.status, (JSON.parse(answer.body) as { error: string }).error],
          [400, "BAD_REQUEST"],
          `${method} ${query}`,
        );
      }
    }
    const badCookie = await send(3001, "GET", "/api/auth/session", { cookie: "next-auth.callback-url=abc" });
    assert.deepEqual([badCookie.status, (JSON.parse(badCookie.body) as { error: string }).error], [400, "BAD_REQUEST"]);
    // A JSON object still reaches next-auth, which answers it as it always did.
    const object = await send(3001, "POST", "/api/auth/session", { "content-type": "application/json" }, "{}");
    assert.ok(object.status < 500, `object body: ${object.status}`);
  });

  it("afterwards, stock, credit and orders are exactly as before and every instance has its original pid", async () => {
    assert.deepEqual(await saleSnapshot(), stateAtStart);
    await assertInstancesAlive(pidsAtStart);
  });
});
