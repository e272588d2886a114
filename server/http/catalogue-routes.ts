import { parseCouponId, parseListQuery } from "@/server/features/catalogue/catalogue-query";
import { getCoupon, listCoupons } from "@/server/features/catalogue/catalogue";
import { defineEndpoint, nativeEndpoint } from "@/server/http/endpoint";

/** GET /api/coupons?page&size → one page of the catalogue, through the cache. */
export const listCouponsEndpoint = defineEndpoint({
  method: "GET",
  path: "/api/coupons",
  status: 200,
  handle: async (request) => listCoupons(parseListQuery(request.query())),
});

/** GET /api/coupons/:id → one coupon with the server's clock. */
export const getCouponEndpoint = defineEndpoint<"id">({
  method: "GET",
  path: "/api/coupons/:id",
  status: 200,
  handle: async (request) => getCoupon(parseCouponId(request.params.id)),
});

/** The public catalogue reads on the native door; app/api/coupons/** mount the same endpoints on Next's. */
export const catalogueRoutes = [nativeEndpoint(listCouponsEndpoint), nativeEndpoint(getCouponEndpoint)];
