import { authenticate } from "@/server/features/identity/authenticate-request";
import { getOrder } from "@/server/features/orders/get-order";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/orders/:orderId — the owner's order (settled row, else PENDING); anyone else gets 404. */
export const GET = route<{ orderId: string }>(async (request, params) => {
  const user = await authenticate(request.headers);
  return getOrder(user.id, params.orderId);
});
