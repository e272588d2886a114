import { parseCouponId, parseListQuery } from "@/server/features/catalogue/catalogue-query";
import { getCoupon, listCoupons } from "@/server/features/catalogue/catalogue";
import { sendJson } from "@/server/http/native";
import type { NativeRoute } from "@/server/http/native-router";

/** Public catalogue reads, answered before Next for speed; app/api/coupons/** are the same calls through Next. */
export const catalogueRoutes: NativeRoute[] = [
  {
    method: "GET",
    path: "/api/coupons",
    handle: async (req, res) => {
      const query = new URL(req.url ?? "/", "http://localhost").searchParams;
      sendJson(res, 200, await listCoupons(parseListQuery(query)));
    },
  },
  {
    method: "GET",
    path: "/api/coupons/:id",
    handle: async (_req, res, params) => sendJson(res, 200, await getCoupon(parseCouponId(params.id))),
  },
];
