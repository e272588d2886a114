import type { ChainableCommander } from "ioredis";
import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";

/** What a shopper's browser receives when its order settles. */
export interface PaymentUpdate {
  orderId: string;
  userId: string;
  couponId: number;
  /** What the shopper sees in the toast; null when the coupon row is gone. */
  couponName: string | null;
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
export async function findSocketServerId(redis: RedisClient, userId: string): Promise<string | null> {
  return redis.get(socketServerKey(userId));
}

/** Server ids holding each user's socket (one pipelined round trip); users without a socket are absent. */
export async function findSocketServerIds(redis: RedisClient, userIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (userIds.length === 0) return found;
  const replies = await execPerMaster(
    redis,
    userIds.map((userId) => ({ key: socketServerKey(userId), queue: (pipeline) => pipeline.get(socketServerKey(userId)) })),
  );
  replies.forEach(([error, serverId], i) => {
    if (!error && typeof serverId === "string") found.set(userIds[i]!, serverId);
  });
  return found;
}

export interface PaymentDelivery {
  /** Instance holding the user's socket, or null when the user has none (the replay list still gets it). */
  serverId: string | null;
  update: PaymentUpdate;
}

/**
 * Sends settlement results toward the browsers, all in one pipeline. Pub/Sub is fire-and-forget, so each result
 * is also appended to the user's short replay list, which a reconnecting socket reads; the order API remains
 * the source of truth.
 */
export async function publishPaymentUpdates(redis: RedisClient, deliveries: PaymentDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const entries = deliveries.map(({ serverId, update }) => {
    const payload = JSON.stringify(update);
    const replayKey = recentUpdatesKey(update.userId);
    return {
      key: replayKey,
      queue: (pipeline: ChainableCommander) => {
        pipeline.lpush(replayKey, payload).ltrim(replayKey, 0, RECENT_UPDATES_KEPT - 1).expire(replayKey, RECENT_UPDATES_TTL_SECONDS);
        if (serverId) pipeline.publish(paymentUpdateChannel(serverId), payload);
      },
    };
  });
  const failed = (await execPerMaster(redis, entries)).find(([error]) => error);
  if (failed) throw failed[0];
}

export function publishPaymentUpdate(redis: RedisClient, serverId: string | null, update: PaymentUpdate): Promise<void> {
  return publishPaymentUpdates(redis, [{ serverId, update }]);
}

const RECENT_UPDATES_KEPT = 20;
const RECENT_UPDATES_TTL_SECONDS = 600;

export function recentUpdatesKey(userId: string): string {
  return `payment-updates:{user:${userId}}`;
}
