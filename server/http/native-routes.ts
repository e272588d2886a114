import type { IncomingMessage } from "node:http";
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

/**
 * Bench and test switch: with `x-bench-door: next` a request skips the native routes and is served by the App
 * Router handler of the same path, so one running stack can compare both doors (bench) and run the same API
 * suite through both (tests). Honoured only where the bench routes are enabled, never in production.
 */
export const nextDoorHeader = "x-bench-door";

export function wantsNextDoor(req: IncomingMessage): boolean {
  return env.BENCH_STRATEGIES_ENABLED && req.headers[nextDoorHeader] === "next";
}
