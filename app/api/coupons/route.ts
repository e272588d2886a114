import { parseListQuery } from "@/server/features/catalogue/catalogue-query";
import { listCoupons, startCatalogueInvalidationListener } from "@/server/features/catalogue/catalogue";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// A process that serves only through Next still needs the invalidation subscriber (idempotent start).
void startCatalogueInvalidationListener().catch(() => undefined);

export const GET = route(async (request) => listCoupons(parseListQuery(new URL(request.url).searchParams)));
