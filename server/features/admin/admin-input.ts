import { z } from "zod";

/** MySQL TIMESTAMP's range (UTC): outside it the column refuses the value, which surfaced as a 500. */
export const TIMESTAMP_MIN = new Date("1970-01-01T00:00:01.000Z");
export const TIMESTAMP_MAX = new Date("2038-01-19T03:14:07.000Z");

const isoTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date >= TIMESTAMP_MIN && date <= TIMESTAMP_MAX, {
    message: "Pick a date between 1970 and 19 January 2038.",
  });

// The admin form shows these messages next to its fields: they match its own checks word for word.
const fields = {
  name: z.string().trim().min(1, "A name is required.").max(120, "The name can be at most 120 characters."),
  description: z.string().trim().max(2000, "The description can be at most 2000 characters."),
  /** Integer cents, above zero, within the unsigned INT column with room to spare. */
  price: z
    .number("The price must be a number of cents.")
    // A negative price is its own mistake, not "too small": say so and skip the checks after it.
    .min(0, { error: "The price cannot be negative.", abort: true })
    .int("The price must be whole cents.")
    .min(1, "The price must be more than $0.00.")
    .max(100_000_000, "The price can be at most $1,000,000.00."),
  /** The usual price, shown struck through; null clears it. Same cents and ceiling as the price. */
  listPrice: z
    .number("The list price must be a number of cents.")
    // Each mistake stops the checks after it, the comparison with the price included: one message per field.
    .min(0, { error: "The list price cannot be negative.", abort: true })
    .int({ error: "The list price must be whole cents.", abort: true })
    .min(1, { error: "The list price must be more than $0.00.", abort: true })
    .max(100_000_000, { error: "The list price can be at most $1,000,000.00.", abort: true })
    .nullable(),
  totalStock: z
    .number("The stock must be a whole number, like 100.")
    .min(0, { error: "The stock cannot be negative.", abort: true })
    .int("The stock must be a whole number, like 100.")
    .min(1, "The stock must be at least 1.")
    .max(10_000_000, "The stock can be at most 10,000,000."),
  saleStart: isoTime,
  saleEnd: isoTime,
};

const windowIsForward = (v: { saleStart?: Date; saleEnd?: Date }) =>
  v.saleStart === undefined || v.saleEnd === undefined || v.saleEnd > v.saleStart;
const windowIssue = { message: "The sale must close after it opens.", path: ["saleEnd"] };

export const LIST_PRICE_NOT_ABOVE_PRICE = "The list price must be higher than the sale price.";

/** A "usual price" at or below the sale price would advertise a saving that is not there. */
export function isListPriceAbovePrice(price: number, listPrice: number | null | undefined): boolean {
  return listPrice === null || listPrice === undefined || listPrice > price;
}

// Only when both arrive together; an edit naming one of them is checked against the stored other (update-coupon).
const listPriceIsAbove = (v: { price?: number; listPrice?: number | null }) =>
  v.price === undefined || isListPriceAbovePrice(v.price, v.listPrice);
const listPriceIssue = { message: LIST_PRICE_NOT_ABOVE_PRICE, path: ["listPrice"] };

export const createCouponInput = z
  .strictObject({ ...fields, listPrice: fields.listPrice.optional() })
  .refine(windowIsForward, windowIssue)
  .refine(listPriceIsAbove, listPriceIssue);
export type CreateCouponInput = z.infer<typeof createCouponInput>;

export const updateCouponInput = z
  .strictObject({
    name: fields.name.optional(),
    description: fields.description.optional(),
    price: fields.price.optional(),
    listPrice: fields.listPrice.optional(),
    totalStock: fields.totalStock.optional(),
    saleStart: fields.saleStart.optional(),
    saleEnd: fields.saleEnd.optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: "nothing to change" })
  .refine(windowIsForward, windowIssue)
  .refine(listPriceIsAbove, listPriceIssue);
export type UpdateCouponInput = z.infer<typeof updateCouponInput>;

export const saleActions = ["pause", "resume", "end", "disable"] as const;
export const saleActionInput = z.strictObject({ action: z.enum(saleActions) });
export type SaleAction = (typeof saleActions)[number];
