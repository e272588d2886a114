import { authenticate } from "@/server/features/identity/authenticate-request";
import { parsePurchaseRequest, purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { defineEndpoint, nativeEndpoint } from "@/server/http/endpoint";

/** POST /api/coupons/:id/purchase → 202 { orderId, status: "PENDING" }: an optional JSON body of at most 1 KB. */
export const purchaseEndpoint = defineEndpoint<"id">({
  method: "POST",
  path: "/api/coupons/:id/purchase",
  name: "purchase",
  status: 202,
  body: { limitBytes: 1024, optional: true },
  handle: async (request) => {
    const user = await authenticate(request.headers);
    const input = parsePurchaseRequest({
      couponId: request.params.id,
      body: await request.body(),
      idempotencyKey: request.header("idempotency-key"),
    });
    return purchaseCoupon({ userId: user.id, ...input });
  },
});

/** The purchase on the native door (the hot path); app/api/coupons/[id]/purchase mounts it on Next's. */
export const purchaseRoutes = [nativeEndpoint(purchaseEndpoint)];
