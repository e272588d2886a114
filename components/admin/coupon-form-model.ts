import type { z } from "zod";
import type { AdminCoupon, AdminCouponInput, ValidationIssue } from "@/components/api-types";
import {
  adminInputLimits,
  adminInputMessages,
  couponFields,
  createCouponBody,
  defaultWaitingRoom,
  IMAGE_UPLOAD_MAX_BYTES,
  imageUploadTypes,
  updateCouponBody,
  waitingRoomSettings,
  type UpdateCouponBody,
  type WaitingRoomSettings,
} from "@/contract/admin";

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
  /** The waiting room's switch; the numbers below are shown, checked and kept only while it is on. */
  roomEnabled: boolean;
  roomPrequeueMinutes: string;
  /** Optional: empty means the server's default rate. */
  roomAdmitPerSecond: string;
  roomMarginPercent: string;
  /** Joining costs a proof of work in the shopper's browser. */
  roomProofOfWork: boolean;
}

export type FieldErrors = Partial<Record<keyof CouponFormValues | "image" | "form", string>>;

export const IMAGE_TYPES: string[] = [...imageUploadTypes];
export const IMAGE_MAX_BYTES = IMAGE_UPLOAD_MAX_BYTES;

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
    ...roomFormValues(defaultWaitingRoom),
  };
}

function roomFormValues(
  room: WaitingRoomSettings,
): Pick<CouponFormValues, RoomFormField | "roomEnabled" | "roomProofOfWork"> {
  return {
    roomEnabled: room.enabled,
    roomPrequeueMinutes: String(room.prequeueMinutes),
    roomAdmitPerSecond: room.admitPerSecond === null ? "" : String(room.admitPerSecond),
    roomMarginPercent: String(room.marginPercent),
    roomProofOfWork: room.proofOfWork,
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
    ...roomFormValues(coupon.waitingRoom),
  };
}

/** The limits and wording of the API's own schema (the contract), so both sides say the same thing. */
export const NAME_MAX = adminInputLimits.nameMax;
export const DESCRIPTION_MAX = adminInputLimits.descriptionMax;
export const PRICE_MAX_CENTS = adminInputLimits.priceMaxCents;
export const STOCK_MAX = adminInputLimits.stockMax;

/** The schema's messages, plus the form's own about text that is not a number at all (the API gets numbers). */
export const couponMessages = {
  ...adminInputMessages,
  priceMissing: "Enter a price, like 19.99.",
  priceNotANumber: "Enter the price as a number, like 19.99.",
  priceCents: "Use at most two decimals for the price, like 19.99.",
  listPriceNotANumber: "Enter the list price as a number, like 29.99.",
  listPriceCents: "Use at most two decimals for the list price, like 29.99.",
  stockMissing: "Enter how many coupons are for sale.",
  prequeueMissing: "Enter how many minutes before the opening the line forms, like 10.",
  marginMissing: "Enter a margin in %, like 10 (0 for none).",
} as const;

/** The value the shared schema accepts, or its first message about it. */
function checkField<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | string {
  const result = schema.safeParse(value);
  return result.success ? result.data : (result.error.issues[0]?.message ?? "This value is not valid.");
}

/**
 * Dollar text → cents, or what is wrong with the text itself. Whether the amount is allowed (negative, zero,
 * too high) is the shared schema's call, made on the cents.
 */
function readCents(value: string, messages: { notANumber: string; cents: string }): number | string {
  if (!/^-?\d*(\.\d*)?$/.test(value) || !/\d/.test(value)) return messages.notANumber;
  // Any negative amount is refused by the schema as negative, so its decimals need not be exact.
  if (value.startsWith("-") && Number(value) !== 0) return Number(value) * 100;
  if (!/^-?\d*(\.\d{0,2})?$/.test(value)) return messages.cents;
  // Cents from the digits, not from float arithmetic: 0.29 * 100 is 28.999….
  const [whole = "", fraction = ""] = value.replace("-", "").split(".");
  // Past 2^53 a number is no longer whole in zod's eyes; such an amount is simply too high.
  return Math.min(Number(whole || "0") * 100 + Number(fraction.padEnd(2, "0")), Number.MAX_SAFE_INTEGER);
}

const dollarText = (text: string) => text.trim().replace(/^\$/, "").trim();

/** "19.99" → 1999 cents, or the message saying what is wrong with the text. */
export function parsePriceCents(text: string): number | string {
  const value = dollarText(text);
  if (value === "") return couponMessages.priceMissing;
  const cents = readCents(value, { notANumber: couponMessages.priceNotANumber, cents: couponMessages.priceCents });
  return typeof cents === "string" ? cents : checkField(couponFields.price, cents);
}

/** "29.99" → 2999 cents, "" → null (no list price), or the message saying what is wrong with the text. */
export function parseListPriceCents(text: string): number | null | string {
  const value = dollarText(text);
  if (value === "") return null;
  const cents = readCents(value, {
    notANumber: couponMessages.listPriceNotANumber,
    cents: couponMessages.listPriceCents,
  });
  return typeof cents === "string" ? cents : checkField(couponFields.listPrice, cents);
}

/** "100" → 100, or the message saying what is wrong; stock may not drop below what was already sold. */
export function parseTotalStock(text: string, sold = 0): number | string {
  const value = text.trim();
  if (value === "") return couponMessages.stockMissing;
  if (!/^-?\d*(\.\d*)?$/.test(value) || !/\d/.test(value)) return couponMessages.stockNotWhole;
  const isNegative = value.startsWith("-") && Number(value) !== 0;
  // "2.0" is not how anyone writes a count: refused as text, before the schema sees the number 2.
  if (!isNegative && !/^\d+$/.test(value)) return couponMessages.stockNotWhole;
  // Past 2^53 a number is no longer whole in zod's eyes; such a count is simply too high.
  const stock = checkField(couponFields.totalStock, Math.min(Number(value), Number.MAX_SAFE_INTEGER));
  if (typeof stock === "number" && stock < sold) return `The stock cannot go below the ${sold} already sold.`;
  return stock;
}

export type RoomFormField = "roomPrequeueMinutes" | "roomAdmitPerSecond" | "roomMarginPercent";
type RoomNumber = Exclude<keyof WaitingRoomSettings, "enabled" | "proofOfWork">;

const roomNumberRules: Record<RoomFormField, { key: RoomNumber; notWhole: string; missing: string | null }> = {
  roomPrequeueMinutes: {
    key: "prequeueMinutes",
    notWhole: couponMessages.prequeueNotWhole,
    missing: couponMessages.prequeueMissing,
  },
  // Empty is a choice here: the server's default rate.
  roomAdmitPerSecond: { key: "admitPerSecond", notWhole: couponMessages.admitRateNotWhole, missing: null },
  roomMarginPercent: {
    key: "marginPercent",
    notWhole: couponMessages.marginNotWhole,
    missing: couponMessages.marginMissing,
  },
};

/**
 * One of the room's number fields: whole-number text → the number the room's schema accepts, null for an empty
 * rate (the server's default), or the message saying what is wrong. "2.0" is refused as text, as for the stock.
 */
export function parseRoomNumber(field: RoomFormField, text: string): number | null | string {
  const rule = roomNumberRules[field];
  const value = text.trim();
  if (value === "") return rule.missing ?? null;
  if (!/^-?\d+$/.test(value)) return rule.notWhole;
  // Past 2^53 a number is no longer whole in zod's eyes; such a number is simply too high (or too low).
  const number = Math.max(Math.min(Number(value), Number.MAX_SAFE_INTEGER), -Number.MAX_SAFE_INTEGER);
  return checkField(waitingRoomSettings.shape[rule.key], number);
}

/**
 * The `waitingRoom` object to send, or the messages for its fields. With the switch off the numbers are hidden:
 * what the admin typed is still sent when it is valid (turning the room back on finds it), and a hidden mistake
 * falls back to the default rather than blocking a save the admin cannot see the reason for.
 */
export function readWaitingRoom(values: CouponFormValues): {
  room: WaitingRoomSettings | null;
  errors: Partial<Record<RoomFormField, string>>;
} {
  const room: WaitingRoomSettings = {
    ...defaultWaitingRoom,
    enabled: values.roomEnabled,
    proofOfWork: values.roomProofOfWork,
  };
  const errors: Partial<Record<RoomFormField, string>> = {};
  for (const field of Object.keys(roomNumberRules) as RoomFormField[]) {
    const read = parseRoomNumber(field, values[field]);
    const key = roomNumberRules[field].key;
    if (typeof read === "string") {
      if (values.roomEnabled) errors[field] = read;
    } else if (key === "admitPerSecond") room.admitPerSecond = read;
    else if (read !== null) room[key] = read;
  }
  return Object.keys(errors).length > 0 ? { room: null, errors } : { room, errors };
}

const roomFieldToFormField: Record<string, RoomFormField | "roomEnabled" | "roomProofOfWork"> = {
  enabled: "roomEnabled",
  proofOfWork: "roomProofOfWork",
  prequeueMinutes: "roomPrequeueMinutes",
  admitPerSecond: "roomAdmitPerSecond",
  marginPercent: "roomMarginPercent",
};

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

/** The form field an API issue's path names: the room's numbers sit one level down, under `waitingRoom`. */
const formFieldOf = (path: readonly PropertyKey[]) => {
  const [first, second] = path.map(String);
  if (first === "waitingRoom") return (second !== undefined && roomFieldToFormField[second]) || "form";
  return (first !== undefined && apiFieldToFormField[first]) || "form";
};

/**
 * Checks with the API's own schema, so the admin sees its mistakes before a round trip. Text the form cannot
 * read as a number or a time gets the form's message and is left out of the schema's run: the partial (edit)
 * body then still judges everything else in the same pass, the price against the list price and the window
 * included, and with every field present it applies exactly the create body's rules.
 */
export function validateForm(
  values: CouponFormValues,
  sold = 0,
): { input: AdminCouponInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const candidate: UpdateCouponBody = { name: values.name, description: values.description };

  const price = parsePriceCents(values.priceDollars);
  if (typeof price === "string") errors.priceDollars = price;
  else candidate.price = price;
  const listPrice = parseListPriceCents(values.listPriceDollars);
  if (typeof listPrice === "string") errors.listPriceDollars = listPrice;
  else candidate.listPrice = listPrice;
  const totalStock = parseTotalStock(values.totalStock, sold);
  if (typeof totalStock === "string") errors.totalStock = totalStock;
  else candidate.totalStock = totalStock;
  const saleStart = localInputToIso(values.saleStartLocal);
  if (saleStart) candidate.saleStart = saleStart;
  else errors.saleStartLocal = "Pick when the sale opens.";
  const saleEnd = localInputToIso(values.saleEndLocal);
  if (saleEnd) candidate.saleEnd = saleEnd;
  else errors.saleEndLocal = "Pick when the sale closes.";
  const { room, errors: roomErrors } = readWaitingRoom(values);
  if (room) candidate.waitingRoom = room;
  else Object.assign(errors, roomErrors);

  const checked = updateCouponBody.safeParse(candidate);
  // One message per field: the first, as the field's own rules come before the rules between fields.
  for (const issue of checked.error?.issues ?? []) {
    const field = formFieldOf(issue.path);
    errors[field] ??= issue.message;
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  // Everything was read and passed; the create body types it (an empty list price is null, which clears a
  // stored one on an edit).
  const input = createCouponBody.safeParse(candidate);
  if (!input.success) return { input: null, errors: { form: input.error.issues[0]?.message } };
  return { input: input.data, errors };
}

export function validateImage(file: File): string | null {
  if (!IMAGE_TYPES.includes(file.type)) return "Use a PNG, JPEG, WebP or GIF image.";
  if (file.size > IMAGE_MAX_BYTES) return "The image must be 2 MB or smaller.";
  return null;
}

/** Places the API's 400 issues next to the fields they name; the rest go above the form. */
export function issuesToErrors(issues: ValidationIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = formFieldOf(issue.path.split("."));
    errors[field] = errors[field] ? `${errors[field]} ${issue.message}` : issue.message;
  }
  return errors;
}
