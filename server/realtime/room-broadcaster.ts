import type { Namespace } from "socket.io";
import { admitLiveRooms, type AdmitTick } from "@/server/features/waiting-room/room-scripts";
import { startLeaderLoop } from "@/server/infra/leader-loop";
import { childLogger } from "@/server/infra/logger";
import type { RedisClient } from "@/server/infra/redis-client";
import { couponRoom } from "@/server/realtime/stock-broadcaster";
import type { RoomUpdateMessage } from "@/server/realtime/types";

const log = childLogger("room-ticker");

const LEADER_KEY = "rooms:ticker";
const LEASE_MS = 2_000;
export const ROOM_TICK_MS = 250;

/**
 * The waiting rooms' clock: one instance (a Redis lease) runs every live room's admission tick four times a second
 * and tells the room's watchers what changed — one message per room and tick, not one per person: each browser
 * works out its own position from `served` and the ticket it was given.
 */
export function startRoomBroadcaster(options: { redis: RedisClient; nsp: Namespace; intervalMs?: number }) {
  const { redis, nsp } = options;
  const lastSent = new Map<number, string>();

  const tickAll = async () => {
    for (const { couponId, tick } of await admitLiveRooms(redis)) {
      const message = roomUpdate(couponId, tick);
      const fingerprint = JSON.stringify(message);
      if (lastSent.get(couponId) === fingerprint) continue;
      lastSent.set(couponId, fingerprint);
      nsp.to(couponRoom(couponId)).emit("room_update", message);
    }
  };

  return startLeaderLoop({
    redis,
    leaderKey: LEADER_KEY,
    leaseMs: LEASE_MS,
    intervalMs: options.intervalMs ?? ROOM_TICK_MS,
    work: tickAll,
    onFollower: () => lastSent.clear(),
    onError: (error) => log.warn({ err: error }, "waiting-room tick failed"),
  });
}

function roomUpdate(couponId: number, tick: AdmitTick): RoomUpdateMessage {
  return {
    couponId,
    state: tick.state === "none" ? "waiting" : tick.state,
    served: tick.served,
    waiting: tick.waiting,
    stock: tick.stock,
    ratePerSecond: tick.ratePerSecond,
  };
}
