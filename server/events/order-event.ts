import { z } from "zod";

/**
 * The order event on Kafka, and the pending record in Redis: the same fields, so the sweeper can re-publish
 * a pending record as it is. `serverId` is the instance holding the buyer's socket when the event was sent
 * (null: none); the worker looks it up again when it is null.
 * It sits outside the features because three of them read it (orders writes it, inventory audits the pending
 * records, payments settles the events) and none may own it without the others importing that feature.
 */
export interface OrderEvent {
  orderId: string;
  userId: string;
  couponId: number;
  price: number;
  serverId: string | null;
  /** Redis TIME at reservation, ms. */
  reservedAt: number;
}

const orderEventSchema = z.object({
  orderId: z.uuid(),
  userId: z.string().min(1).max(64),
  couponId: z.number().int().positive(),
  price: z.number().int().min(0),
  serverId: z.string().min(1).max(64).nullable().optional(),
  reservedAt: z.number().int().nonnegative(),
});

export function encodeOrderEvent(event: OrderEvent): string {
  return JSON.stringify(event);
}

/** Parses an event or a pending record; throws on anything malformed (the worker dead-letters it). */
export function decodeOrderEvent(raw: string | Buffer | null | undefined): OrderEvent {
  if (raw === null || raw === undefined) throw new Error("empty order event");
  const parsed = orderEventSchema.parse(JSON.parse(raw.toString()));
  return { ...parsed, serverId: parsed.serverId ?? null };
}

/** Kafka message of an event: keyed by coupon so one coupon's orders stay in one partition, in order. */
export function orderEventMessage(event: OrderEvent) {
  return { key: String(event.couponId), value: encodeOrderEvent(event) };
}
