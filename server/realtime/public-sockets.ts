import type Redis from "ioredis";
import type { Namespace } from "socket.io";
import { z } from "zod";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { WATCHED_COUPONS_KEY, couponRoom } from "@/server/realtime/stock-broadcaster";

/** One tab watches a page of coupons, a few dozen at most. */
const MAX_WATCHED = 100;
const watchRequest = z.object({ couponIds: z.array(z.number().int().positive()).max(MAX_WATCHED) });

/**
 * The anonymous namespace: any visitor may watch coupons' live stock. A watcher gets the current stock at once,
 * then the broadcaster's changes.
 */
export function attachPublicSockets(nsp: Namespace, redis: Redis) {
  nsp.on("connection", (socket) => {
    socket.on("watch", async (request: unknown) => {
      const parsed = watchRequest.safeParse(request);
      if (!parsed.success) return;
      const wanted = new Set(parsed.data.couponIds.map(couponRoom));
      for (const room of socket.rooms) {
        if (room.startsWith("coupon:") && !wanted.has(room)) void socket.leave(room);
      }
      const ids = parsed.data.couponIds;
      if (ids.length === 0) return;
      await Promise.all(ids.map((id) => socket.join(couponRoom(id))));
      const [, stocks] = await Promise.all([
        redis.sadd(WATCHED_COUPONS_KEY, ...ids.map(String)),
        redis.mget(ids.map((id) => couponKeys(id).stock)),
      ]);
      ids.forEach((couponId, i) => {
        const raw = stocks[i];
        if (raw !== null && raw !== undefined) socket.emit("stock_update", { couponId, stock: Math.max(0, Number(raw)) });
      });
    });
  });
}
