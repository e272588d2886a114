import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import * as listRoute from "@/app/api/coupons/route";
import * as detailRoute from "@/app/api/coupons/[id]/route";
import { invalidateCoupon, stopCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { deleteCoupons, insertCoupons } from "@/server/features/catalogue/test-fixtures/catalogue-fixtures";
import { catalogueRoutes } from "@/server/http/catalogue-routes";
import { sendError } from "@/server/http/native";
import { createNativeRouter } from "@/server/http/native-router";
import { closeConnections } from "@/server/infra/close-connections";

/** Both doors (native route and Next route handler) are glue over the same feature calls. */
let server: Server;
let base: string;
let ids: number[] = [];

before(async () => {
  ids = await insertCoupons([{ name: "route coupon" }]);
  // As the admin backend does after a create: the shared app caches may already hold a lower max id.
  await invalidateCoupon(ids[0]!);
  const router = createNativeRouter(catalogueRoutes);
  server = createServer((req, res) => {
    const match = router.match(req.method, new URL(req.url ?? "/", "http://x").pathname);
    if (!match) return void res.writeHead(404).end();
    match.route.handle(req, res, match.params).catch((error: unknown) => sendError(req, res, error));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopCatalogueInvalidationListener();
  await deleteCoupons(ids);
  await closeConnections();
});

describe("catalogue routes", () => {
  it("when listing natively, then the page carries items, paging and serverTime", async () => {
    const response = await fetch(`${base}/api/coupons?page=1&size=5`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      items: unknown[];
      page: number;
      size: number;
      total: number;
      serverTime: string;
    };
    assert.equal(body.page, 1);
    assert.equal(body.size, 5);
    assert.ok(body.total >= 1);
    assert.ok(body.items.length >= 1 && body.items.length <= 5);
    assert.ok(!Number.isNaN(Date.parse(body.serverTime)));
  });

  it("when fetching a coupon natively, then its fields and a derived status come back", async () => {
    const response = await fetch(`${base}/api/coupons/${ids[0]}`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.name, "route coupon");
    assert.equal(body.price, 1999);
    assert.equal(body.status, "ON_SALE");
    assert.equal(body.imageUrl, null);
    assert.match(String(body.saleStart), /Z$/);
  });

  for (const path of [
    "/api/coupons?page=0",
    "/api/coupons?size=101",
    "/api/coupons?page=x",
    "/api/coupons/abc",
    "/api/coupons/-3",
  ]) {
    it(`when asking for ${path}, then 400 BAD_REQUEST`, async () => {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { error: string }).error, "BAD_REQUEST");
    });
  }

  it("when the id is unknown, then 404 NOT_FOUND", async () => {
    const response = await fetch(`${base}/api/coupons/999999999999`);
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: string }).error, "NOT_FOUND");
  });

  it("when going through the Next route handlers, then they answer the same", async () => {
    const list = await listRoute.GET(new Request("http://x/api/coupons?size=3"), { params: Promise.resolve({}) });
    assert.equal(list.status, 200);
    assert.equal(((await list.json()) as { size: number }).size, 3);
    const detail = await detailRoute.GET(new Request(`http://x/api/coupons/${ids[0]}`), {
      params: Promise.resolve({ id: String(ids[0]) }),
    });
    assert.equal(((await detail.json()) as { name: string }).name, "route coupon");
    const bad = await detailRoute.GET(new Request("http://x/api/coupons/0"), { params: Promise.resolve({ id: "0" }) });
    assert.equal(bad.status, 400);
  });
});
