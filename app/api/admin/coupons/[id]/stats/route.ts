import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { getSaleStats } from "@/server/features/sales/get-sale-stats";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/admin/coupons/:id/stats — the live sale view: outcomes by reason, backlog, auditor verdict. */
export const GET = route<{ id: string }>(async (request, params) => {
  await authenticate(request.headers, { admin: true });
  return getSaleStats(parseCouponId(params.id));
});
