import type { z } from "zod";
import {
  adminInputMessages,
  createCouponBody,
  saleActionBody,
  saleActions,
  updateCouponBody,
  type SaleAction,
} from "@/contract/admin";

// The field rules and their wording live in the shared contract, which the admin form runs too; what stays here
// is what only the server does with a valid body: its times become dates for the repository.
export { isListPriceAbovePrice, TIMESTAMP_MAX, TIMESTAMP_MIN } from "@/contract/admin";

export const LIST_PRICE_NOT_ABOVE_PRICE = adminInputMessages.listPriceNotAbovePrice;

type Dated<T, Time> = Omit<T, "saleStart" | "saleEnd"> & { saleStart: Time; saleEnd: Time };

/** A present time becomes a Date; an absent one stays absent (an edit that does not name it keeps the stored one). */
function withDates<T extends { saleStart?: string; saleEnd?: string }>(value: T): Record<string, unknown> {
  const converted: Record<string, unknown> = { ...value };
  if (value.saleStart !== undefined) converted.saleStart = new Date(value.saleStart);
  if (value.saleEnd !== undefined) converted.saleEnd = new Date(value.saleEnd);
  return converted;
}

export const createCouponInput = createCouponBody.transform((value) => withDates(value) as Dated<typeof value, Date>);
export type CreateCouponInput = z.infer<typeof createCouponInput>;

export const updateCouponInput = updateCouponBody.transform(
  (value) => withDates(value) as Partial<Dated<typeof value, Date>>,
);
export type UpdateCouponInput = z.infer<typeof updateCouponInput>;

export { saleActions, type SaleAction };
export const saleActionInput = saleActionBody;
