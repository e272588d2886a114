import type { ChainableCommander } from "ioredis";
import type { PaymentDelivery, PaymentUpdate, SettlementResults } from "@/server/features/payments/settlement-results";
import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";

/** The channel only the instance with this server id subscribes to (the requirements' routing scheme). */
export function paymentUpdateChannel(serverId: string): string {
  return `payment_update:${serverId}`;
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
        pipeline
          .lpush(replayKey, payload)
          .ltrim(replayKey, 0, RECENT_UPDATES_KEPT - 1)
          .expire(replayKey, RECENT_UPDATES_TTL_SECONDS);
        if (serverId) pipeline.publish(paymentUpdateChannel(serverId), payload);
      },
    };
  });
  const failure = (await execPerMaster(redis, entries)).find(([error]) => error)?.[0];
  if (failure) throw failure;
}

/** Settlement's results port, delivered as above; the worker wires it into the consumer and the sweeper. */
export function createPaymentUpdatePublisher(redis: RedisClient): SettlementResults {
  return { publish: (deliveries) => publishPaymentUpdates(redis, deliveries) };
}

export function publishPaymentUpdate(
  redis: RedisClient,
  serverId: string | null,
  update: PaymentUpdate,
): Promise<void> {
  return publishPaymentUpdates(redis, [{ serverId, update }]);
}

const RECENT_UPDATES_KEPT = 20;
const RECENT_UPDATES_TTL_SECONDS = 600;

export function recentUpdatesKey(userId: string): string {
  return `payment-updates:{user:${userId}}`;
}
