import { z } from "zod";
import { isoTime } from "@/contract/common";
import { couponView } from "@/contract/coupons";
import { roomState } from "@/contract/room";

/**
 * The wording of every admin input rule. The server answers 400 with these in `issues`, and the admin form
 * shows the same text next to its fields, because both run the schemas below.
 */
export const adminInputMessages = {
  nameRequired: "A name is required.",
  nameTooLong: "The name can be at most 120 characters.",
  descriptionTooLong: "The description can be at most 2000 characters.",
  priceNotCents: "The price must be a number of cents.",
  priceNegative: "The price cannot be negative.",
  priceNotWhole: "The price must be whole cents.",
  priceZero: "The price must be more than $0.00.",
  priceTooHigh: "The price can be at most $1,000,000.00.",
  listPriceNotCents: "The list price must be a number of cents.",
  listPriceNegative: "The list price cannot be negative.",
  listPriceNotWhole: "The list price must be whole cents.",
  listPriceZero: "The list price must be more than $0.00.",
  listPriceTooHigh: "The list price can be at most $1,000,000.00.",
  listPriceNotAbovePrice: "The list price must be higher than the sale price.",
  stockNotWhole: "The stock must be a whole number, like 100.",
  stockNegative: "The stock cannot be negative.",
  stockZero: "The stock must be at least 1.",
  stockTooHigh: "The stock can be at most 10,000,000.",
  timeOutOfRange: "Pick a date between 1970 and 19 January 2038.",
  endBeforeStart: "The sale must close after it opens.",
  roomSwitchNotBoolean: "Say whether the waiting room is on or off.",
  proofSwitchNotBoolean: "Say whether joining the room costs a proof of work.",
  prequeueNotWhole: "The pre-queue must be a whole number of minutes, like 10.",
  prequeueNegative: "The pre-queue cannot be negative.",
  prequeueTooLong: "The pre-queue can be at most 1,440 minutes (a day).",
  admitRateNotWhole: "The admission rate must be a whole number of shoppers a second, like 200.",
  admitRateZero: "The admission rate must be at least 1 shopper a second.",
  admitRateTooHigh: "The admission rate can be at most 100,000 shoppers a second.",
  marginNotWhole: "The margin must be a whole percentage, like 10.",
  marginNegative: "The margin cannot be negative.",
  marginTooHigh: "The margin can be at most 100%.",
} as const;

export const adminInputLimits = {
  nameMax: 120,
  descriptionMax: 2000,
  /** Within the unsigned INT column with room to spare. */
  priceMaxCents: 100_000_000,
  stockMax: 10_000_000,
  /** A day: a line that forms earlier than that is a line nobody remembers standing in. */
  prequeueMinutesMax: 1440,
  /** Within the unsigned INT column; far beyond what any instance serves, so never the binding limit. */
  admitPerSecondMax: 100_000,
  /** Admitting twice the units left is already a crowd that mostly meets "sold out". */
  marginPercentMax: 100,
} as const;

/** MySQL TIMESTAMP's range (UTC): outside it the column refuses the value, which surfaced as a 500. */
export const TIMESTAMP_MIN = new Date("1970-01-01T00:00:01.000Z");
export const TIMESTAMP_MAX = new Date("2038-01-19T03:14:07.000Z");

const m = adminInputMessages;

// Text that is not a date-time at all is the format check's to report; the range check stays silent on it.
const storableTime = isoTime.refine(
  (value) => {
    const ms = Date.parse(value);
    return Number.isNaN(ms) || (ms >= TIMESTAMP_MIN.getTime() && ms <= TIMESTAMP_MAX.getTime());
  },
  { message: m.timeOutOfRange },
);

/** One schema per field of a coupon edit; the create and update bodies below are built from them. */
export const couponFields = {
  name: z.string().trim().min(1, m.nameRequired).max(adminInputLimits.nameMax, m.nameTooLong),
  description: z.string().trim().max(adminInputLimits.descriptionMax, m.descriptionTooLong),
  price: z
    .number(m.priceNotCents)
    // A negative price is its own mistake, not "too small": say so and skip the checks after it.
    .min(0, { error: m.priceNegative, abort: true })
    .int(m.priceNotWhole)
    .min(1, m.priceZero)
    .max(adminInputLimits.priceMaxCents, m.priceTooHigh),
  /** The usual price, shown struck through; null clears it. Same cents and ceiling as the price. */
  listPrice: z
    .number(m.listPriceNotCents)
    // Each mistake stops the checks after it, the comparison with the price included: one message per field.
    .min(0, { error: m.listPriceNegative, abort: true })
    .int({ error: m.listPriceNotWhole, abort: true })
    .min(1, { error: m.listPriceZero, abort: true })
    .max(adminInputLimits.priceMaxCents, { error: m.listPriceTooHigh, abort: true })
    .nullable(),
  totalStock: z
    .number(m.stockNotWhole)
    .min(0, { error: m.stockNegative, abort: true })
    .int(m.stockNotWhole)
    .min(1, m.stockZero)
    .max(adminInputLimits.stockMax, m.stockTooHigh),
  saleStart: storableTime,
  saleEnd: storableTime,
};

/**
 * A coupon's waiting room: whether its sale has one, from how many minutes before the opening shoppers may join,
 * how many are admitted a second (null: the server's configured default), and how many admitted-but-unbought
 * shoppers may exceed the units left, in % of them, and whether joining costs a proof of work.
 */
export const waitingRoomSettings = z.strictObject({
  enabled: z.boolean(m.roomSwitchNotBoolean),
  prequeueMinutes: z
    .number(m.prequeueNotWhole)
    .min(0, { error: m.prequeueNegative, abort: true })
    .int({ error: m.prequeueNotWhole, abort: true })
    .max(adminInputLimits.prequeueMinutesMax, m.prequeueTooLong),
  admitPerSecond: z
    .number(m.admitRateNotWhole)
    .int({ error: m.admitRateNotWhole, abort: true })
    .min(1, { error: m.admitRateZero, abort: true })
    .max(adminInputLimits.admitPerSecondMax, m.admitRateTooHigh)
    .nullable(),
  marginPercent: z
    .number(m.marginNotWhole)
    .min(0, { error: m.marginNegative, abort: true })
    .int({ error: m.marginNotWhole, abort: true })
    .max(adminInputLimits.marginPercentMax, m.marginTooHigh),
  /** Joining costs a proof of work solved in the browser; absent in an older client's body, it stays on. */
  proofOfWork: z.boolean(m.proofSwitchNotBoolean).default(true),
});
export type WaitingRoomSettings = z.infer<typeof waitingRoomSettings>;

/** What a coupon has until the admin says otherwise: no room, and the column defaults for when it is turned on. */
export const defaultWaitingRoom: WaitingRoomSettings = {
  enabled: false,
  prequeueMinutes: 10,
  admitPerSecond: null,
  marginPercent: 10,
  proofOfWork: true,
};

/** A "usual price" at or below the sale price would advertise a saving that is not there. */
export function isListPriceAbovePrice(price: number, listPrice: number | null | undefined): boolean {
  return listPrice === null || listPrice === undefined || listPrice > price;
}

// A time that is not a date-time at all already has its own issue; the window is judged only between two real times.
const windowIsForward = (v: { saleStart?: string; saleEnd?: string }) => {
  const start = v.saleStart === undefined ? NaN : Date.parse(v.saleStart);
  const end = v.saleEnd === undefined ? NaN : Date.parse(v.saleEnd);
  return Number.isNaN(start) || Number.isNaN(end) || end > start;
};
const windowIssue = { message: m.endBeforeStart, path: ["saleEnd"] };

// Only when both arrive together; an edit naming one of them is checked against the stored other by the server.
const listPriceIsAbove = (v: { price?: number; listPrice?: number | null }) =>
  v.price === undefined || isListPriceAbovePrice(v.price, v.listPrice);
const listPriceIssue = { message: m.listPriceNotAbovePrice, path: ["listPrice"] };

/** POST /api/admin/coupons. Times are ISO text here; the server turns them into dates after validation. */
export const createCouponBody = z
  .strictObject({
    ...couponFields,
    listPrice: couponFields.listPrice.optional(),
    waitingRoom: waitingRoomSettings.optional(),
  })
  .refine(windowIsForward, windowIssue)
  .refine(listPriceIsAbove, listPriceIssue);
export type CreateCouponBody = z.input<typeof createCouponBody>;

/** PATCH /api/admin/coupons/:id: any subset of the fields, at least one. */
export const updateCouponBody = z
  .strictObject({
    name: couponFields.name.optional(),
    description: couponFields.description.optional(),
    price: couponFields.price.optional(),
    listPrice: couponFields.listPrice.optional(),
    totalStock: couponFields.totalStock.optional(),
    saleStart: couponFields.saleStart.optional(),
    saleEnd: couponFields.saleEnd.optional(),
    waitingRoom: waitingRoomSettings.optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: "nothing to change" })
  .refine(windowIsForward, windowIssue)
  .refine(listPriceIsAbove, listPriceIssue);
export type UpdateCouponBody = z.input<typeof updateCouponBody>;

export const saleActions = ["pause", "resume", "end", "disable"] as const;
export type SaleAction = (typeof saleActions)[number];
/** POST /api/admin/coupons/:id/sale. */
export const saleActionBody = z.strictObject({ action: z.enum(saleActions) });

/** The admin's switch on a sale, stored with the coupon; DISABLED hides it from the catalogue for good. */
export const saleStates = ["ACTIVE", "PAUSED", "DISABLED"] as const;
export const saleState = z.enum(saleStates);
export type SaleState = z.infer<typeof saleState>;

/**
 * A coupon as the console sees it: `sold` counts settled sales plus orders still being paid for; the room's
 * settings replace the shopper's summary of it.
 */
export const adminCouponView = couponView.omit({ room: true }).extend({
  sold: z.number().int().min(0),
  saleState,
  imageKey: z.string().nullable(),
  waitingRoom: waitingRoomSettings,
});
export type AdminCouponView = z.infer<typeof adminCouponView>;

export const adminCoupons = z.object({ items: z.array(adminCouponView) });
export type AdminCoupons = z.infer<typeof adminCoupons>;

/**
 * POST /api/admin/coupons/:id/image takes multipart/form-data with the file in the field `image`, at most 2 MB;
 * the server sniffs the bytes, so the declared type alone does not get a file in.
 */
export const imageUploadTypes = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
export const IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024;

/**
 * A sale's waiting room as the live sale view shows it. Every admission ends one of three ways: still held, used
 * by a purchase, or abandoned (it ran out unused), so admitted = holdingAdmission + purchased + abandoned.
 */
export const roomStats = z.object({
  state: roomState,
  /** Shoppers who joined the line. */
  joined: z.number().int().min(0),
  /** Tickets not admitted yet. */
  waiting: z.number().int().min(0),
  /** Shoppers holding an unexpired admission they have not used yet. */
  holdingAdmission: z.number().int().min(0),
  /** Admissions given so far. */
  admitted: z.number().int().min(0),
  /** Admissions that ran out unused. */
  abandoned: z.number().int().min(0),
  /** Admissions used by an accepted purchase (a payment that fails later still counts: the shopper did buy). */
  purchased: z.number().int().min(0),
  /** The room's admission rate, per second, as set (or the server's default). */
  ratePerSecond: z.number().int().min(0),
  /** purchased ÷ admitted, from 0 to 1; null until someone is admitted. */
  conversion: z.number().min(0).max(1).nullable(),
});
export type RoomStats = z.infer<typeof roomStats>;

/** GET /api/admin/coupons/:id/stats: the live sale view. */
export const saleStats = z.object({
  couponId: z.number().int().min(1),
  /** Purchase answers (ACCEPTED, SOLD_OUT, ALREADY_PURCHASED, TRY_AGAIN_LATER, …) and settlement results (PAID, FAILED_<reason>). */
  outcomes: z.record(z.string(), z.number()),
  sold: z.number().int().min(0),
  remaining: z.number().int(),
  /** Orders of this coupon accepted but not settled yet. */
  pendingSettlement: z.number().int().min(0),
  /** Order events of every coupon the payment workers have not committed yet; null when Kafka did not answer. */
  kafkaLag: z.number().nullable(),
  /** "OK" when every sale invariant holds, else which one drifts and by how much. */
  audit: z.string(),
  /** The sale's waiting room; null when the coupon has none (or it is switched off). */
  room: roomStats.nullable(),
  serverTime: isoTime,
});
export type SaleStats = z.infer<typeof saleStats>;
