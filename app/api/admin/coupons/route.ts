import { createCoupon } from "@/server/features/admin/create-coupon";
import { listAdminCoupons } from "@/server/features/admin/list-admin-coupons";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { readJson } from "@/server/http/read-json";
import { jsonResponse, route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route(async (request) => {
  await authenticate(request.headers, { admin: true });
  return listAdminCoupons();
});

export const POST = route(async (request) => {
  await authenticate(request.headers, { admin: true });
  return jsonResponse(await createCoupon(await readJson(request)), 201);
});
