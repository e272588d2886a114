import { z } from "zod";
import { parseInput } from "@/server/validation";

export const catalogueLimits = { maxPage: 10_000, maxSize: 100, defaultSize: 20 } as const;

export const listCouponsInput = z.object({
  page: z.number().int().min(1).max(catalogueLimits.maxPage),
  size: z.number().int().min(1).max(catalogueLimits.maxSize),
});
export type ListCouponsInput = z.infer<typeof listCouponsInput>;

// Digits only: "1e3", "0x10", " 7" and "1.0" are refused instead of being coerced into something plausible.
const digits = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be a positive whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

const listQuery = z.object({
  page: digits(catalogueLimits.maxPage).default(1),
  size: digits(catalogueLimits.maxSize).default(catalogueLimits.defaultSize),
});

/** `?page=&size=` of GET /api/coupons; an invalid or repeated page/size is a 400; other parameters are ignored. */
export function parseListQuery(params: URLSearchParams): ListCouponsInput {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    raw[key] = values.length === 1 ? values[0]! : values;
  }
  return parseInput(listQuery, raw);
}

export const couponIdInput = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The `:id` path segment; ids are unsigned bigints that we keep below 2^53. */
export function parseCouponId(raw: string | undefined): number {
  return parseInput(z.object({ id: digits(Number.MAX_SAFE_INTEGER) }), { id: raw }).id;
}
