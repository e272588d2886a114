import { z } from "zod";

/** Money: integer cents, never floats, so sums and comparisons are exact on both sides. */
export const cents = z.number().int().min(0);

/** A moment in UTC as ISO-8601 text; the server writes `Date.toISOString()`. */
export const isoTime = z.iso.datetime({ offset: true });

/** Ids of coupons are unsigned bigints kept below 2^53, so they stay exact as JSON numbers. */
export const couponId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * A whole number written in a URL (path segment or query value). Digits only: "1e3", "0x10", " 7" and "1.0" are
 * refused instead of being coerced into something plausible.
 */
export function urlWholeNumber(max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be a positive whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));
}
