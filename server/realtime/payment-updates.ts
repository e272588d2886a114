import type Redis from "ioredis";

/** What a shopper's browser receives when its order settles. */
export interface PaymentUpdate {
  orderId: string;
  userId: string;
  couponId: number;
  status: "PAID" | "FAILED";
  failureReason?: string;
  /** The shopper's credit after settlement, in cents. */
  credit: number;
}

/** The channel only the instance with this server id subscribes to (the requirements' routing scheme). */
export function paymentUpdateChannel(serverId: string): string {
  return `payment_update:${serverId}`;
}

/** Redis string naming the server id that holds the user's most recent socket; written by the realtime layer. */
export function socketServerKey(userId: string): string {
  return `socket-server:{user:${userId}}`;
}

/** The server id to put in an order event, or null when the user has no socket open anywhere. */
export async function findSocketServerId(redis: Redis, userId: string): Promise<string | null> {
  return redis.get(socketServerKey(userId));
}

/**
 * Sends a settlement result toward the browser. Pub/Sub is fire-and-forget, so the result is also appended to
 * the user's short replay list, which a reconnecting socket reads; the order API remains the source of truth.
 */
export async function publishPaymentUpdate(redis: Redis, serverId: string | null, update: PaymentUpdate): Promise<void> {
  const payload = JSON.stringify(update);
  const replayKey = recentUpdatesKey(update.userId);
  const pipeline = redis.multi().lpush(replayKey, payload).ltrim(replayKey, 0, RECENT_UPDATES_KEPT - 1).expire(replayKey, RECENT_UPDATES_TTL_SECONDS);
  if (serverId) pipeline.publish(paymentUpdateChannel(serverId), payload);
  await pipeline.exec();
}

const RECENT_UPDATES_KEPT = 20;
const RECENT_UPDATES_TTL_SECONDS = 600;

export function recentUpdatesKey(userId: string): string {
  return `payment-updates:{user:${userId}}`;
}
