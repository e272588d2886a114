import { authenticate } from "@/server/features/identity/authenticate-request";
import { parsePurchaseRequest, purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { readJson } from "@/server/http/read-json";
import { jsonResponse, route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/coupons/:id/purchase → 202 { orderId, status: "PENDING" }. Same function as the native route. */
export const POST = route<{ id: string }>(async (request, params) => {
  const user = await authenticate(request.headers);
  // The same limits as the native route: an optional JSON body of at most 1 KB.
  const body = await readJson(request, { optional: true, limitBytes: 1024 });
  const input = parsePurchaseRequest({
    couponId: params.id,
    body,
    idempotencyKey: request.headers.get("idempotency-key"),
  });
  return jsonResponse(await purchaseCoupon({ userId: user.id, ...input }), 202);
});
