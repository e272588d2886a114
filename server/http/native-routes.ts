import type { NativeRoute } from "@/server/http/native-router";
import { operationsRoutes } from "@/server/http/operations-routes";

/** Every route the custom server answers itself, before Next.js sees the request. */
export function nativeRoutes(): NativeRoute[] {
  return [...operationsRoutes];
}
