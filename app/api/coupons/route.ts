import { startCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { listCouponsEndpoint } from "@/server/http/catalogue-routes";
import { routeEndpoint } from "@/server/http/endpoint";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A process that serves only through Next still needs the invalidation subscriber (idempotent start).
void startCatalogueInvalidationListener().catch(() => undefined);

/** GET /api/coupons: the endpoint the native door serves, mounted on Next's (one definition). */
export const GET = routeEndpoint(listCouponsEndpoint);
