import { isStrategyName, purchaseWithStrategy, type StrategyOutcome } from "@/bench/strategies/mysql-strategies";
import { createCatalogue, type Catalogue } from "@/server/features/catalogue/create-catalogue";
import { parseListQuery } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { parsePurchaseRequest } from "@/server/features/orders/purchase-coupon";
import { AppError } from "@/server/errors";
import { headerText, readJsonBody, sendJson } from "@/server/http/native";
import type { NativeRoute } from "@/server/http/native-router";
import { pool } from "@/server/infra/db";
import { globalSingleton } from "@/server/infra/global-singleton";

/**
 * The bench's own native routes, added by bench/server.ts to the same app server as production's (never by
 * server/index.ts). They share the purchase route's server, authentication, validation and error mapping, so the
 * benchmark compares stock strategies and nothing else.
 */

function answer(outcome: StrategyOutcome) {
  switch (outcome.code) {
    case "PAID":
      return { orderId: outcome.orderId, status: "PAID" as const };
    case "SOLD_OUT":
    case "ALREADY_PURCHASED":
    case "NOT_FOUND":
      throw new AppError(outcome.code);
    case "SALE_CLOSED":
      throw new AppError("SALE_ENDED");
    case "INSUFFICIENT_CREDIT":
      throw new AppError("CONFLICT", { message: "Not enough credit." });
    case "GAVE_UP":
      throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1 });
  }
}

// Listing without the live-stock overlay: the same L2 as production, its own L1, no per-page MGET of stock keys.
const cachedStockCatalogue = (): Catalogue =>
  globalSingleton("bench-cached-stock-catalogue", () => createCatalogue({ liveStock: false }));

export const strategyRoutes: NativeRoute[] = [
  {
    method: "POST",
    path: "/api/bench/:strategy/coupons/:id/purchase",
    name: "bench-purchase",
    handle: async (req, res, params) => {
      const strategy = params.strategy ?? "";
      if (!isStrategyName(strategy)) throw new AppError("NOT_FOUND");
      const user = await authenticate(req.headers);
      // The same input validation as ours. The key itself is not stored: MySQL's unique (user, coupon) already makes
      // a repeated click harmless here, and ours keeps its key inside the same atomic script, at no extra cost.
      const { couponId } = parsePurchaseRequest({
        couponId: params.id,
        body: await readJsonBody(req, 1024),
        idempotencyKey: headerText(req, "idempotency-key"),
      });
      sendJson(res, 200, answer(await purchaseWithStrategy(pool, strategy, { couponId, userId: user.id })));
    },
  },
  {
    // The custom server's own ceiling: answered before Next, no auth, no I/O.
    method: "GET",
    path: "/api/bench/native-noop",
    name: "bench-native-noop",
    handle: (_req, res) => Promise.resolve(sendJson(res, 200, { ok: true })),
  },
  {
    method: "GET",
    path: "/api/bench/coupons-cached-stock",
    name: "bench-coupons-cached-stock",
    handle: async (req, res) => {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      sendJson(res, 200, await cachedStockCatalogue().listCoupons(parseListQuery(query)));
    },
  },
];
