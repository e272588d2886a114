import type { RedisClient } from "@/server/infra/redis-client";
import type { Namespace } from "socket.io";
import { paymentUpdateChannel, socketServerKey, type PaymentUpdate } from "@/server/realtime/payment-updates";
import { userRoom } from "@/server/realtime/user-sockets";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("realtime");

interface RelayedUpdate extends PaymentUpdate {
  /** Set when one instance hands the update to the instance that now holds the user's socket; never forwarded twice. */
  forwarded?: boolean;
}

/**
 * Listens on this instance's own channel `payment_update:<serverId>` only (the requirements' routing) and pushes
 * each result to the user's sockets held here. If the socket moved to another instance meanwhile, the update is
 * forwarded once to the instance that now holds it; anything still missed is covered by the replay list and
 * the order API.
 */
export async function startPaymentUpdateRelay(options: {
  subscriber: RedisClient;
  redis: RedisClient;
  serverId: string;
  nsp: Namespace;
  hasLocalSockets: (userId: string) => boolean;
}) {
  const { subscriber, redis, serverId, nsp, hasLocalSockets } = options;
  const channel = paymentUpdateChannel(serverId);

  subscriber.on("message", (received: string, payload: string) => {
    if (received !== channel) return;
    const update = parseUpdate(payload);
    if (!update) {
      // This listener runs outside any promise: a throw here would be an uncaught exception stopping the instance.
      log.warn({ channel }, "ignored a malformed payment update");
      return;
    }
    const { userId, forwarded, ...message } = update;
    if (hasLocalSockets(userId)) {
      // local: this update is for sockets on this instance only; the adapter must not fan it out.
      nsp.local.to(userRoom(userId)).emit("payment_update", message);
      metrics.paymentUpdatesEmitted.inc();
      return;
    }
    if (!forwarded) void forwardToCurrentHolder(redis, serverId, update);
  });

  await subscriber.subscribe(channel);
  return { close: () => subscriber.unsubscribe(channel) };
}

function parseUpdate(payload: string): RelayedUpdate | undefined {
  try {
    const update: unknown = JSON.parse(payload);
    const isUpdate =
      typeof update === "object" && update !== null && typeof (update as RelayedUpdate).userId === "string" && typeof (update as RelayedUpdate).orderId === "string";
    return isUpdate ? (update as RelayedUpdate) : undefined;
  } catch {
    return undefined;
  }
}

async function forwardToCurrentHolder(redis: RedisClient, serverId: string, update: RelayedUpdate) {
  try {
    const holder = await redis.get(socketServerKey(update.userId));
    if (holder && holder !== serverId) {
      await redis.publish(paymentUpdateChannel(holder), JSON.stringify({ ...update, forwarded: true }));
    }
  } catch (error) {
    log.warn({ err: error, orderId: update.orderId }, "forwarding a payment update failed");
  }
}
