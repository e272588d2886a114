import { authenticate } from "@/server/features/identity/authenticate-request";
import { parsePurchaseRequest, purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { refuseCrossSiteWrite } from "@/server/http/cross-site";
import { headerText, readJsonBody, sendJson } from "@/server/http/native";
import type { NativeRoute } from "@/server/http/native-router";

/** The purchase served by the custom server before Next (the hot path); same function as the route handler. */
export const purchaseRoutes: NativeRoute[] = [
  {
    method: "POST",
    path: "/api/coupons/:id/purchase",
    name: "purchase",
    handle: async (req, res, params) => {
      refuseCrossSiteWrite(req.method ?? "POST", req.headers);
      const user = await authenticate(req.headers);
      const input = parsePurchaseRequest({
        couponId: params.id,
        body: await readJsonBody(req, 1024),
        idempotencyKey: headerText(req, "idempotency-key"),
      });
      sendJson(res, 202, await purchaseCoupon({ userId: user.id, ...input }));
    },
  },
];
