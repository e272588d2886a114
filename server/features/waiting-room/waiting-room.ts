import type { RoomStatusView } from "@/contract/room";
import { AppError } from "@/server/errors";
import { getRoomStatus, joinRoom } from "@/server/features/waiting-room/room-scripts";
import { redis as sharedRedis } from "@/server/infra/redis";
import type { RedisClient } from "@/server/infra/redis-client";

/** Puts the shopper in the sale's waiting room (once: joining again keeps the place) and says where they stand. */
export async function joinWaitingRoom(
  couponId: number,
  userId: string,
  redis: RedisClient = sharedRedis,
): Promise<RoomStatusView> {
  const joined = await joinRoom(redis, couponId, userId);
  switch (joined.code) {
    case "NO_ROOM":
      throw new AppError("NOT_FOUND", { message: "This sale has no waiting room." });
    case "TOO_EARLY":
      throw new AppError("SALE_NOT_STARTED", { message: "The waiting room is not open yet." });
    case "SOLD_OUT":
      throw new AppError("SOLD_OUT");
    default:
      return waitingRoomStatus(couponId, userId, redis);
  }
}

/** Where the shopper stands in the sale's waiting room; 404 when the sale has none. */
export async function waitingRoomStatus(
  couponId: number,
  userId: string,
  redis: RedisClient = sharedRedis,
): Promise<RoomStatusView> {
  const status = await getRoomStatus(redis, couponId, userId);
  if (status.state === "none" || status.opensAt === null) {
    throw new AppError("NOT_FOUND", { message: "This sale has no waiting room." });
  }
  return {
    state: status.state,
    joined: status.joined,
    ticket: status.ticket,
    served: status.served,
    ahead: status.ticket === null ? null : Math.max(0, status.ticket - status.served - 1),
    admittedUntil: status.admittedUntil?.toISOString() ?? null,
    ratePerSecond: status.ratePerSecond,
    opensAt: status.opensAt.toISOString(),
  };
}
