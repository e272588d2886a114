import type { RedisClient } from "@/server/infra/redis-client";
import type { Namespace } from "socket.io";
import type { PaymentUpdate } from "@/server/features/payments/settlement-results";
import { paymentUpdateChannel } from "@/server/realtime/payment-updates";
import { userRoom } from "@/server/realtime/user-sockets";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("realtime");

/**
 * Listens on this instance's own channel `payment_update:<serverId>` only (the requirements' routing) and pushes
 * each result to the user's room. The room spans the instances through the Redis adapter, so every open tab of
 * the shopper hears it once, whichever instance its socket landed on; anything missed (a socket that was
 * reconnecting) is covered by the replay list and the order API.
 */
export async function startPaymentUpdateRelay(options: { subscriber: RedisClient; serverId: string; nsp: Namespace }) {
  const { subscriber, serverId, nsp } = options;
  const channel = paymentUpdateChannel(serverId);

  subscriber.on("message", (received: string, payload: string) => {
    if (received !== channel) return;
    const update = parseUpdate(payload);
    if (!update) {
      // This listener runs outside any promise: a throw here would be an uncaught exception stopping the instance.
      log.warn({ channel }, "ignored a malformed payment update");
      return;
    }
    const { userId, ...message } = update;
    nsp.to(userRoom(userId)).emit("payment_update", message);
    metrics.paymentUpdatesEmitted.inc();
  });

  await subscriber.subscribe(channel);
  return { close: () => subscriber.unsubscribe(channel) };
}

function parseUpdate(payload: string): PaymentUpdate | undefined {
  try {
    const update: unknown = JSON.parse(payload);
    const isUpdate =
      typeof update === "object" &&
      update !== null &&
      typeof (update as PaymentUpdate).userId === "string" &&
      typeof (update as PaymentUpdate).orderId === "string";
    return isUpdate ? (update as PaymentUpdate) : undefined;
  } catch {
    return undefined;
  }
}
