import type { AdminCoupon, AdminCouponInput, ValidationIssue } from "@/components/api-types";

/** The form as typed: strings, local datetimes, dollars. */
export interface CouponFormValues {
  name: string;
  description: string;
  priceDollars: string;
  /** Optional: empty means no list price. */
  listPriceDollars: string;
  totalStock: string;
  saleStartLocal: string;
  saleEndLocal: string;
}

export type FieldErrors = Partial<Record<keyof CouponFormValues | "image" | "form", string>>;

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"];
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;

/** ISO UTC → the value a datetime-local input shows, in the browser's zone. */
export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value has no zone; `new Date()` reads it as local time, which is what the admin meant. */
export function localInputToIso(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function emptyForm(now = Date.now()): CouponFormValues {
  const hour = 60 * 60 * 1000;
  const start = Math.ceil((now + 5 * 60_000) / 60_000) * 60_000;
  return {
    name: "",
    description: "",
    priceDollars: "",
    listPriceDollars: "",
    totalStock: "",
    saleStartLocal: isoToLocalInput(new Date(start).toISOString()),
    saleEndLocal: isoToLocalInput(new Date(start + 24 * hour).toISOString()),
  };
}

export function formFromCoupon(coupon: AdminCoupon): CouponFormValues {
  return {
    name: coupon.name,
    description: coupon.description,
    priceDollars: (coupon.price / 100).toFixed(2),
    listPriceDollars: coupon.listPrice === null ? "" : (coupon.listPrice / 100).toFixed(2),
    totalStock: String(coupon.totalStock),
    saleStartLocal: isoToLocalInput(coupon.saleStart),
    saleEndLocal: isoToLocalInput(coupon.saleEnd),
  };
}

/** The limits and wording the API's schema uses too, so both sides say the same thing. */
export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const PRICE_MAX_CENTS = 100_000_000;
export const STOCK_MAX = 10_000_000;
// MySQL TIMESTAMP's range: the API refuses times outside it.
const TIME_MIN = Date.parse("1970-01-01T00:00:01.000Z");
const TIME_MAX = Date.parse("2038-01-19T03:14:07.000Z");

export const couponMessages = {
  nameRequired: "A name is required.",
  nameTooLong: `The name can be at most ${NAME_MAX} characters.`,
  descriptionTooLong: `The description can be at most ${DESCRIPTION_MAX} characters.`,
  priceMissing: "Enter a price, like 19.99.",
  priceNotANumber: "Enter the price as a number, like 19.99.",
  priceNegative: "The price cannot be negative.",
  priceZero: "The price must be more than $0.00.",
  priceCents: "Use at most two decimals for the price, like 19.99.",
  priceTooHigh: "The price can be at most $1,000,000.00.",
  listPriceNotANumber: "Enter the list price as a number, like 29.99.",
  listPriceNegative: "The list price cannot be negative.",
  listPriceZero: "The list price must be more than $0.00.",
  listPriceCents: "Use at most two decimals for the list price, like 29.99.",
  listPriceTooHigh: "The list price can be at most $1,000,000.00.",
  listPriceNotAbovePrice: "The list price must be higher than the sale price.",
  stockMissing: "Enter how many coupons are for sale.",
  stockNegative: "The stock cannot be negative.",
  stockNotWhole: "The stock must be a whole number, like 100.",
  stockZero: "The stock must be at least 1.",
  stockTooHigh: "The stock can be at most 10,000,000.",
  timeOutOfRange: "Pick a date between 1970 and 19 January 2038.",
  endBeforeStart: "The sale must close after it opens.",
} as const;

interface MoneyMessages {
  notANumber: string;
  negative: string;
  cents: string;
  zero: string;
  tooHigh: string;
}

/** Non-empty dollar text → cents, or the message saying what is wrong with it. */
function parseCents(value: string, messages: MoneyMessages): number | string {
  if (!/^-?\d*(\.\d*)?$/.test(value) || !/\d/.test(value)) return messages.notANumber;
  if (value.startsWith("-") && Number(value) !== 0) return messages.negative;
  if (!/^-?\d*(\.\d{0,2})?$/.test(value)) return messages.cents;
  // Cents from the digits, not from float arithmetic: 0.29 * 100 is 28.999….
  const [whole = "", fraction = ""] = value.replace("-", "").split(".");
  const cents = Number(whole || "0") * 100 + Number(fraction.padEnd(2, "0"));
  if (cents === 0) return messages.zero;
  if (cents > PRICE_MAX_CENTS) return messages.tooHigh;
  return cents;
}

const dollarText = (text: string) => text.trim().replace(/^\$/, "").trim();

/** "19.99" → 1999 cents, or the message saying what is wrong with the text. */
export function parsePriceCents(text: string): number | string {
  const value = dollarText(text);
  if (value === "") return couponMessages.priceMissing;
  return parseCents(value, {
    notANumber: couponMessages.priceNotANumber,
    negative: couponMessages.priceNegative,
    cents: couponMessages.priceCents,
    zero: couponMessages.priceZero,
    tooHigh: couponMessages.priceTooHigh,
  });
}

/** "29.99" → 2999 cents, "" → null (no list price), or the message saying what is wrong with the text. */
export function parseListPriceCents(text: string): number | null | string {
  const value = dollarText(text);
  if (value === "") return null;
  return parseCents(value, {
    notANumber: couponMessages.listPriceNotANumber,
    negative: couponMessages.listPriceNegative,
    cents: couponMessages.listPriceCents,
    zero: couponMessages.listPriceZero,
    tooHigh: couponMessages.listPriceTooHigh,
  });
}

/** "100" → 100, or the message saying what is wrong; stock may not drop below what was already sold. */
export function parseTotalStock(text: string, sold = 0): number | string {
  const value = text.trim();
  if (value === "") return couponMessages.stockMissing;
  if (!/^-?\d*(\.\d*)?$/.test(value) || !/\d/.test(value)) return couponMessages.stockNotWhole;
  if (value.startsWith("-") && Number(value) !== 0) return couponMessages.stockNegative;
  if (!/^\d+$/.test(value)) return couponMessages.stockNotWhole;
  const stock = Number(value);
  if (stock < 1) return couponMessages.stockZero;
  if (stock > STOCK_MAX) return couponMessages.stockTooHigh;
  if (stock < sold) return `The stock cannot go below the ${sold} already sold.`;
  return stock;
}

function isStorableTime(iso: string): boolean {
  const ms = Date.parse(iso);
  return ms >= TIME_MIN && ms <= TIME_MAX;
}

/** Checks what the API will check too, so the admin sees mistakes before a round trip. */
export function validateForm(
  values: CouponFormValues,
  sold = 0,
): { input: AdminCouponInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (name.length === 0) errors.name = couponMessages.nameRequired;
  else if (name.length > NAME_MAX) errors.name = couponMessages.nameTooLong;
  const description = values.description.trim();
  if (description.length > DESCRIPTION_MAX) errors.description = couponMessages.descriptionTooLong;

  const price = parsePriceCents(values.priceDollars);
  if (typeof price === "string") errors.priceDollars = price;
  const listPrice = parseListPriceCents(values.listPriceDollars);
  if (typeof listPrice === "string") errors.listPriceDollars = listPrice;
  else if (listPrice !== null && typeof price === "number" && listPrice <= price)
    errors.listPriceDollars = couponMessages.listPriceNotAbovePrice;
  const totalStock = parseTotalStock(values.totalStock, sold);
  if (typeof totalStock === "string") errors.totalStock = totalStock;

  const saleStart = localInputToIso(values.saleStartLocal);
  const saleEnd = localInputToIso(values.saleEndLocal);
  if (!saleStart) errors.saleStartLocal = "Pick when the sale opens.";
  else if (!isStorableTime(saleStart)) errors.saleStartLocal = couponMessages.timeOutOfRange;
  if (!saleEnd) errors.saleEndLocal = "Pick when the sale closes.";
  else if (!isStorableTime(saleEnd)) errors.saleEndLocal = couponMessages.timeOutOfRange;
  else if (saleStart && Date.parse(saleEnd) <= Date.parse(saleStart))
    errors.saleEndLocal = couponMessages.endBeforeStart;

  if (
    Object.keys(errors).length > 0 ||
    !saleStart ||
    !saleEnd ||
    typeof price === "string" ||
    typeof listPrice === "string" ||
    typeof totalStock === "string"
  ) {
    return { input: null, errors };
  }
  // An empty field sends null, so clearing it on an edit removes the stored list price.
  return { input: { name, description, price, listPrice, totalStock, saleStart, saleEnd }, errors };
}

export function validateImage(file: File): string | null {
  if (!IMAGE_TYPES.includes(file.type)) return "Use a PNG, JPEG, WebP or GIF image.";
  if (file.size > IMAGE_MAX_BYTES) return "The image must be 2 MB or smaller.";
  return null;
}

const apiFieldToFormField: Record<string, keyof CouponFormValues | "image"> = {
  name: "name",
  description: "description",
  price: "priceDollars",
  listPrice: "listPriceDollars",
  totalStock: "totalStock",
  saleStart: "saleStartLocal",
  saleEnd: "saleEndLocal",
  image: "image",
};

/** Places the API's 400 issues next to the fields they name; the rest go above the form. */
export function issuesToErrors(issues: ValidationIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const first = Array.isArray(issue.path) ? issue.path[0] : issue.path.split(".")[0];
    const field = (first !== undefined && apiFieldToFormField[String(first)]) || "form";
    errors[field] = errors[field] ? `${errors[field]} ${issue.message}` : issue.message;
  }
  return errors;
}
