import type { NativeRoute } from "@/server/http/native-router";
import { operationsRoutes } from "@/server/http/operations-routes";
import { catalogueRoutes } from "@/server/http/catalogue-routes";
import { purchaseRoutes } from "@/server/http/purchase-routes";
import { benchRoutes } from "@/server/http/bench-routes";
import { env } from "@/server/env";

/** Every route the custom server answers itself, before Next.js sees the request. */
export function nativeRoutes(): NativeRoute[] {
  return [
    ...operationsRoutes,
    ...catalogueRoutes,
    ...(env.PURCHASE_VIA_NEXT ? [] : purchaseRoutes),
    // Bench-only strategies and ceilings (issue #8); never enabled in production.
    ...(env.BENCH_STRATEGIES_ENABLED ? benchRoutes : []),
  ];
}
