import { authenticate } from "@/server/features/identity/authenticate-request";
import { parsePurchaseRequest, purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { AppError } from "@/server/http/app-error";
import { jsonResponse, route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/coupons/:id/purchase → 202 { orderId, status: "PENDING" }. Same function as the native route. */
export const POST = route<{ id: string }>(async (request, params) => {
  const user = await authenticate(request.headers);
  const text = await request.text();
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The request body is not valid JSON." });
  }
  const input = parsePurchaseRequest({ couponId: params.id, body, idempotencyKey: request.headers.get("idempotency-key") });
  return jsonResponse(await purchaseCoupon({ userId: user.id, ...input }), 202);
});
