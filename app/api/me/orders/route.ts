import { authenticate } from "@/server/features/identity/authenticate-request";
import { listMyOrders } from "@/server/features/orders/get-order";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/me/orders — "My coupons": the caller's settled orders, newest first. */
export const GET = route(async (request) => {
  const user = await authenticate(request.headers);
  return { items: await listMyOrders(user.id) };
});
