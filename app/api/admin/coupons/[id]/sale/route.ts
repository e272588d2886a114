import { changeSale } from "@/server/features/admin/change-sale";
import { readJson } from "@/server/http/read-json";
import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route<{ id: string }>(async (request, params) => {
  await authenticate(request.headers, { admin: true });
  return changeSale(parseCouponId(params.id), await readJson(request));
});
