import type { NativeRoute } from "@/server/http/native-router";
import { operationsRoutes } from "@/server/http/operations-routes";
import { catalogueRoutes } from "@/server/http/catalogue-routes";
import { purchaseRoutes } from "@/server/http/purchase-routes";
import { roomRoutes } from "@/server/http/room-routes";
import { env } from "@/server/env";

/** Every route the custom server answers itself, before Next.js sees the request. */
export function nativeRoutes(): NativeRoute[] {
  return [...operationsRoutes, ...catalogueRoutes, ...roomRoutes, ...(env.PURCHASE_VIA_NEXT ? [] : purchaseRoutes)];
}
