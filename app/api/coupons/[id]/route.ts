import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { getCoupon, startCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A process that serves only through Next still needs the invalidation subscriber (idempotent start).
void startCatalogueInvalidationListener().catch(() => undefined);

export const GET = route<{ id: string }>(async (_request, params) => getCoupon(parseCouponId(params.id)));
