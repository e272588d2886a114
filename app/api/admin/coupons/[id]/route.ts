import { deleteCoupon } from "@/server/features/admin/delete-coupon";
import { readJson } from "@/server/http/read-json";
import { updateCoupon } from "@/server/features/admin/update-coupon";
import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const PATCH = route<{ id: string }>(async (request, params) => {
  await authenticate(request.headers, { admin: true });
  return updateCoupon(parseCouponId(params.id), await readJson(request));
});

export const DELETE = route<{ id: string }>(async (request, params) => {
  await authenticate(request.headers, { admin: true });
  await deleteCoupon(parseCouponId(params.id));
  return new Response(null, { status: 204, headers: { "cache-control": "no-store" } });
});
