import type { RedisClient } from "@/server/infra/redis-client";
import { env } from "@/server/env";
import { couponKeys, idempotencyKeyOf } from "@/server/keys/coupon-keys";
import { luaCommand as command } from "@/server/infra/lua-scripts";

/**
 * Typed wrappers over the inventory Lua scripts (defined on every client made by createRedis, see server/infra/lua-scripts.ts). They
 * build KEYS/ARGV in one place, so callers never get their order wrong.
 */

export const purchaseCodes = [
  "OK",
  "REPLAY",
  "RATE_LIMITED",
  "NO_SALE",
  "NOT_FOUND",
  "SALE_PAUSED",
  "SALE_NOT_STARTED",
  "SALE_ENDED",
  "ALREADY_PURCHASED",
  "NO_STOCK",
  "SOLD_OUT",
  "NOT_ADMITTED",
] as const;
export type PurchaseCode = (typeof purchaseCodes)[number];

export interface ReservationResult {
  code: PurchaseCode;
  /** Stock left after this call (-1 when not read); for RATE_LIMITED, the ms until the next attempt is allowed. */
  remaining: number;
  /** Price in cents from the sale hash (-1 unless code is OK). */
  price: number;
  /** Redis TIME of the reservation in ms, as written in the pending record (-1 unless code is OK). */
  reservedAt: number;
  /** The order: the new one (OK) or the one made earlier under the same Idempotency-Key (REPLAY). */
  orderId?: string;
}

/** How long an Idempotency-Key answers with its order: a day, like the common payment APIs. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Purchases one user may attempt on one coupon: `burst` at once, then `perSecond` sustained (GCRA in purchase.lua). */
export interface PurchaseRateLimit {
  perSecond: number;
  burst: number;
}

export const defaultPurchaseRateLimit: PurchaseRateLimit = {
  perSecond: env.PURCHASE_RATE_PER_SECOND,
  burst: env.PURCHASE_RATE_BURST,
};

export interface ReservationRequest {
  couponId: number;
  userId: string;
  orderId: string;
  idempotencyKey?: string;
  rateLimit?: PurchaseRateLimit;
}

/** String: the user's GCRA arrival time for this coupon (purchase.lua); the coupon's hash tag keeps it in its slot. */
export function rateLimitKeyOf(couponId: number, userId: string): string {
  return `{coupon:${couponId}}:rl:${userId}`;
}

export function purchaseArgs({
  couponId,
  userId,
  orderId,
  idempotencyKey,
  rateLimit = defaultPurchaseRateLimit,
}: ReservationRequest): (string | number)[] {
  const keys = couponKeys(couponId);
  // Without a key the script never reads KEYS[5]; a placeholder in the coupon's slot keeps the key list fixed.
  const idempotency = idempotencyKeyOf(couponId, idempotencyKey === undefined ? "-" : userId, idempotencyKey ?? "-");
  // Whole milliseconds: the script hands the interval to PX, which refuses fractions.
  const intervalMs = Math.max(1, Math.round(1000 / rateLimit.perSecond));
  return [
    keys.sale,
    keys.stock,
    keys.buyers,
    keys.pending,
    idempotency,
    rateLimitKeyOf(couponId, userId),
    // Read only when the sale has a waiting room; always passed, so the script's keys are all declared (Cluster).
    keys.roomAdmitted,
    keys.room,
    userId,
    orderId,
    couponId,
    idempotencyKey === undefined ? 0 : IDEMPOTENCY_TTL_SECONDS,
    intervalMs,
    Math.max(1, Math.floor(rateLimit.burst)),
  ];
}

export function parseReservation(reply: unknown): ReservationResult {
  if (!Array.isArray(reply) || reply.length < 4 || reply.length > 5)
    throw new Error(`unexpected purchase.lua reply: ${String(reply)}`);
  const [code, remaining, price, reservedAt, orderId] = reply as [unknown, unknown, unknown, unknown, unknown];
  if (typeof code !== "string" || !(purchaseCodes as readonly string[]).includes(code)) {
    throw new Error(`unexpected purchase.lua code: ${String(code)}`);
  }
  return {
    code: code as PurchaseCode,
    remaining: Number(remaining),
    price: Number(price),
    reservedAt: Number(reservedAt),
    orderId: typeof orderId === "string" ? orderId : undefined,
  };
}

export async function reserveCoupon(redis: RedisClient, request: ReservationRequest) {
  return parseReservation(await command(redis, "flashPurchase")(...purchaseArgs(request)));
}

export function rollbackArgs(couponId: number, orderId: string, userId: string, keepBuyer: boolean) {
  const keys = couponKeys(couponId);
  return [keys.stock, keys.buyers, keys.pending, orderId, userId, keepBuyer ? "1" : "0"];
}

/** Releases an order's reservation; true when it was still held (false: already released or settled). */
export async function releaseReservation(
  redis: RedisClient,
  reservation: { couponId: number; orderId: string; userId: string },
  options: { keepBuyer?: boolean } = {},
): Promise<boolean> {
  const args = rollbackArgs(reservation.couponId, reservation.orderId, reservation.userId, options.keepBuyer ?? false);
  return Number(await command(redis, "flashRollback")(...args)) === 1;
}

export interface WarmSaleInput {
  couponId: number;
  force: boolean;
  price: number;
  startMs: number;
  endMs: number;
  state: string;
  /** The sale hash's `room` flag: "1" when the sale has a waiting room, which purchase.lua then enforces. */
  room: "1" | "0";
  dbStock: number;
  settledOrderIds: string[];
  owners: string[];
}

export function warmSaleArgs(input: WarmSaleInput): (string | number)[] {
  const keys = couponKeys(input.couponId);
  return [
    keys.sale,
    keys.stock,
    keys.buyers,
    keys.pending,
    input.force ? "1" : "0",
    input.price,
    input.startMs,
    input.endMs,
    input.state,
    input.room,
    input.dbStock,
    input.settledOrderIds.length,
    ...input.settledOrderIds,
    ...input.owners,
  ];
}

export async function runWarmSale(
  redis: RedisClient,
  input: WarmSaleInput,
): Promise<{ loaded: boolean; stock: number }> {
  const reply = (await command(redis, "flashWarmSale")(...warmSaleArgs(input))) as [string, number];
  return { loaded: reply[0] === "LOADED", stock: Number(reply[1]) };
}
