import { getMany, type RedisClient } from "@/server/infra/redis-client";
import type { Namespace } from "socket.io";
import { z } from "zod";
import { couponKeys } from "@/server/keys/coupon-keys";
import { ackOf, guardHandler } from "@/server/realtime/guard-handler";
import { WATCHED_COUPONS_KEY, couponRoom } from "@/server/realtime/stock-broadcaster";
import { createMessageLimiter, watchLimits } from "@/server/realtime/watch-limits";

const watchRequest = z.object({
  couponIds: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(watchLimits.maxIdsPerMessage),
});

const refusals = {
  RATE_LIMITED: { error: "RATE_LIMITED", message: "Too many watch requests; slow down." },
  BAD_REQUEST: {
    error: "BAD_REQUEST",
    message: `Send { couponIds: [...] } with at most ${watchLimits.maxIdsPerMessage} positive whole numbers.`,
  },
} as const;

/**
 * The anonymous namespace: any visitor may watch coupons' live stock. A watcher gets the current stock at once,
 * then the broadcaster's changes. Anyone can send anything here, so each message is rate-limited, validated and
 * bounded before it touches Redis; an ack, when asked for, says what happened.
 */
export function attachPublicSockets(nsp: Namespace, redis: RedisClient) {
  nsp.on("connection", (socket) => {
    const isAllowed = createMessageLimiter();

    socket.on(
      "watch",
      guardHandler("watch", async (...args: unknown[]) => {
        const ack = ackOf(args);
        if (!isAllowed()) return ack?.(refusals.RATE_LIMITED);
        const parsed = watchRequest.safeParse(args[0]);
        if (!parsed.success) return ack?.(refusals.BAD_REQUEST);

        const ids = [...new Set(parsed.data.couponIds)];
        const wanted = new Set(ids.map(couponRoom));
        for (const room of socket.rooms) {
          if (room.startsWith("coupon:") && !wanted.has(room)) await socket.leave(room);
        }
        if (ids.length === 0) return ack?.({ watching: 0 });
        await socket.join([...wanted]);

        const stocks = await getMany(
          redis,
          ids.map((id) => couponKeys(id).stock),
        );
        // Only coupons whose sale is loaded join the broadcaster's global set: it is scanned every tick by one
        // leader, so anonymous ids for coupons that do not exist must never grow it. The rooms stay joined, so a
        // sale loaded later still reaches this socket once any watcher adds it.
        const loaded = ids.flatMap((couponId, i) => {
          const raw = stocks[i];
          return raw === null || raw === undefined ? [] : [{ couponId, stock: Math.max(0, Number(raw) || 0) }];
        });
        if (loaded.length > 0) await redis.sadd(WATCHED_COUPONS_KEY, ...loaded.map(({ couponId }) => String(couponId)));
        for (const update of loaded) socket.emit("stock_update", update);
        ack?.({ watching: ids.length });
      }),
    );
  });
}
