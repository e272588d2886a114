import { z } from "zod";
import { couponId } from "@/contract/common";
import { catalogueLimits, couponIdParam, listCouponsQuery } from "@/contract/coupons";
import { parseInput } from "@/server/validation";

export { catalogueLimits };

/** A catalogue page request once parsed: the numbers the feature works with. */
export const listCouponsInput = z.object({
  page: z.number().int().min(1).max(catalogueLimits.maxPage),
  size: z.number().int().min(1).max(catalogueLimits.maxSize),
});
export type ListCouponsInput = z.infer<typeof listCouponsInput>;

/** `?page=&size=` of GET /api/coupons; an invalid or repeated page/size is a 400; other parameters are ignored. */
export function parseListQuery(params: URLSearchParams): ListCouponsInput {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? values[0]! : values;
  }
  return parseInput(listCouponsQuery, raw);
}

export const couponIdInput = couponId;

/** The `:id` path segment; ids are unsigned bigints that we keep below 2^53. */
export function parseCouponId(raw: string | undefined): number {
  return parseInput(z.object({ id: couponIdParam }), { id: raw }).id;
}
