import { routeEndpoint } from "@/server/http/endpoint";
import { purchaseEndpoint } from "@/server/http/purchase-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/coupons/:id/purchase: the endpoint the native door serves, mounted on Next's (one definition). */
export const POST = routeEndpoint(purchaseEndpoint);
