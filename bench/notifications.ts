import { io, type Socket } from "socket.io-client";
import { newHistogram, summarize, type LatencySummary } from "@/bench/load";
import type { Shopper } from "@/bench/shoppers";
import { mapLimit, sleep } from "@/bench/concurrency";

/**
 * Notification latency: a sample of shoppers hold Socket.IO connections (websocket only, through the same NGINX)
 * and we time each accepted purchase from the moment its request was sent (or due, open loop) until the shopper's
 * `payment_update` for that order arrives.
 */

interface PaymentUpdate {
  orderId: string;
  status: string;
}

export interface NotificationResult {
  sockets: number;
  connected: number;
  expected: number;
  received: number;
  latencyMs: LatencySummary;
}

export async function openSockets(base: URL, shoppers: readonly Shopper[]) {
  const sockets: Socket[] = [];
  const arrivals = new Map<string, number>();
  let connected = 0;
  await mapLimit(shoppers, 20, async (shopper) => {
    const socket = io(base.origin, {
      path: "/socket.io/",
      transports: ["websocket"],
      auth: { token: shopper.accessToken },
      reconnection: false,
    });
    socket.on("payment_update", (message: PaymentUpdate) => {
      if (!arrivals.has(message.orderId)) arrivals.set(message.orderId, performance.now());
    });
    sockets.push(socket);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000);
      socket.once("connect", () => {
        connected += 1;
        clearTimeout(timer);
        resolve();
      });
      socket.once("connect_error", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  });

  const sent = new Map<string, number>();
  return {
    connected: () => connected,
    /** Remember an accepted purchase of a sampled shopper. */
    expect(orderId: string, startedAt: number) {
      sent.set(orderId, startedAt);
    },
    async collect(timeoutMs: number): Promise<NotificationResult> {
      const deadline = performance.now() + timeoutMs;
      while ([...sent.keys()].some((id) => !arrivals.has(id)) && performance.now() < deadline) await sleep(50);
      const histogram = newHistogram();
      let received = 0;
      for (const [orderId, startedAt] of sent) {
        const at = arrivals.get(orderId);
        if (at === undefined) continue;
        received += 1;
        histogram.recordValue(Math.max(1, Math.round((at - startedAt) * 1000)));
      }
      return { sockets: shoppers.length, connected, expected: sent.size, received, latencyMs: summarize(histogram) };
    },
    close() {
      for (const socket of sockets) socket.disconnect();
    },
  };
}
