import type { AdminCoupon, AdminCouponInput, ValidationIssue } from "@/components/api-types";

/** The form as typed: strings, local datetimes, dollars. */
export interface CouponFormValues {
  name: string;
  description: string;
  priceDollars: string;
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
    totalStock: String(coupon.totalStock),
    saleStartLocal: isoToLocalInput(coupon.saleStart),
    saleEndLocal: isoToLocalInput(coupon.saleEnd),
  };
}

/** Checks what the API will check too, so the admin sees mistakes before a round trip. */
export function validateForm(values: CouponFormValues, sold = 0): { input: AdminCouponInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = values.name.trim();
  if (name.length === 0) errors.name = "Name is required.";
  else if (name.length > 120) errors.name = "Name must be at most 120 characters.";
  const description = values.description.trim();
  if (description.length > 2000) errors.description = "Description must be at most 2000 characters.";

  let price = NaN;
  if (!/^\d+(\.\d{1,2})?$/.test(values.priceDollars.trim())) errors.priceDollars = "Enter a price like 19.99.";
  else {
    price = Math.round(Number(values.priceDollars) * 100);
    if (price <= 0) errors.priceDollars = "Price must be more than 0.";
  }

  let totalStock = NaN;
  if (!/^\d+$/.test(values.totalStock.trim())) errors.totalStock = "Enter a whole number.";
  else {
    totalStock = Number(values.totalStock);
    if (totalStock < 1) errors.totalStock = "Stock must be at least 1.";
    else if (totalStock < sold) errors.totalStock = `Stock cannot go below the ${sold} already sold.`;
  }

  const saleStart = localInputToIso(values.saleStartLocal);
  const saleEnd = localInputToIso(values.saleEndLocal);
  if (!saleStart) errors.saleStartLocal = "Pick when the sale opens.";
  if (!saleEnd) errors.saleEndLocal = "Pick when the sale closes.";
  else if (saleStart && Date.parse(saleEnd) <= Date.parse(saleStart)) errors.saleEndLocal = "The sale must close after it opens.";

  if (Object.keys(errors).length > 0 || !saleStart || !saleEnd) return { input: null, errors };
  return { input: { name, description, price, totalStock, saleStart, saleEnd }, errors };
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
