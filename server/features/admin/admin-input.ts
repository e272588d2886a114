import { z } from "zod";

/** MySQL TIMESTAMP's range (UTC): outside it the column refuses the value, which surfaced as a 500. */
export const TIMESTAMP_MIN = new Date("1970-01-01T00:00:01.000Z");
export const TIMESTAMP_MAX = new Date("2038-01-19T03:14:07.000Z");

const isoTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date >= TIMESTAMP_MIN && date <= TIMESTAMP_MAX, {
    message: `must be between ${TIMESTAMP_MIN.toISOString()} and ${TIMESTAMP_MAX.toISOString()}`,
  });

const fields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000),
  /** Integer cents, above zero, within the unsigned INT column with room to spare. */
  price: z.number().int().min(1).max(100_000_000),
  totalStock: z.number().int().min(1).max(10_000_000),
  saleStart: isoTime,
  saleEnd: isoTime,
};

const windowIsForward = (v: { saleStart?: Date; saleEnd?: Date }) =>
  v.saleStart === undefined || v.saleEnd === undefined || v.saleEnd > v.saleStart;
const windowIssue = { message: "saleEnd must be after saleStart", path: ["saleEnd"] };

export const createCouponInput = z.strictObject(fields).refine(windowIsForward, windowIssue);
export type CreateCouponInput = z.infer<typeof createCouponInput>;

export const updateCouponInput = z
  .strictObject({
    name: fields.name.optional(),
    description: fields.description.optional(),
    price: fields.price.optional(),
    totalStock: fields.totalStock.optional(),
    saleStart: fields.saleStart.optional(),
    saleEnd: fields.saleEnd.optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: "nothing to change" })
  .refine(windowIsForward, windowIssue);
export type UpdateCouponInput = z.infer<typeof updateCouponInput>;

export const saleActions = ["pause", "resume", "end", "disable"] as const;
export const saleActionInput = z.strictObject({ action: z.enum(saleActions) });
export type SaleAction = (typeof saleActions)[number];
