import { createCatalogue } from "@/server/features/catalogue/create-catalogue";
import type { ListCouponsInput } from "@/server/features/catalogue/catalogue-query";
import { globalSingleton } from "@/server/infra/global-singleton";

/**
 * This process's catalogue: one L1 and one invalidation subscriber per process, whichever module graph
 * (custom server or Next's route handlers) asks first.
 */
export const catalogue = globalSingleton("catalogue", () => createCatalogue());

/** GET /api/coupons — one page of listed coupons with live stock. */
export function listCoupons(input: ListCouponsInput) {
  return catalogue.listCoupons(input);
}

/** GET /api/coupons/:id — one listed coupon with live stock; 404 for unknown and disabled ones. */
export function getCoupon(id: number) {
  return catalogue.getCoupon(id);
}

/** Call after any committed change to a coupon (admin edit, create, delete, sale state). */
export function invalidateCoupon(couponId: number) {
  return catalogue.invalidateCoupon(couponId);
}

/** Idempotent; the custom server awaits it at start, the route handlers start it lazily. */
export function startCatalogueInvalidationListener() {
  return catalogue.startInvalidationListener();
}

export function stopCatalogueInvalidationListener() {
  return catalogue.close();
}
