import type { RoomStatusView } from "@/contract/room";
import { AppError } from "@/server/errors";
import {
  proofOfWorkDeps,
  redeemRoomProof,
  type ProofOfWorkDeps,
} from "@/server/features/waiting-room/proof-of-work-gate";
import { getRoomStatus, joinRoom } from "@/server/features/waiting-room/room-scripts";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { redis as sharedRedis } from "@/server/infra/redis";
import { couponKeys } from "@/server/keys/coupon-keys";
import type { RedisClient } from "@/server/infra/redis-client";

/**
 * Puts the shopper in the sale's waiting room (once: joining again keeps the place) and says where they stand.
 * When the proof of work is on, `readProof` must yield one that holds (proof-of-work-gate.ts); it is spent even
 * if the join is then refused (too early, sold out), since the work was for this attempt.
 */
export async function joinWaitingRoom(
  couponId: number,
  userId: string,
  readProof: () => Promise<unknown>,
  loadSale: LoadSale,
  redis: RedisClient = sharedRedis,
  proofDeps: ProofOfWorkDeps = proofOfWorkDeps(),
): Promise<RoomStatusView> {
  await redeemRoomProof(couponId, userId, readProof, proofDeps);
  let joined = await joinRoom(redis, couponId, userId);
  if (joined.code === "NO_ROOM" && (await restoreLostRoom(couponId, loadSale, redis)))
    joined = await joinRoom(redis, couponId, userId);
  switch (joined.code) {
    case "NO_ROOM":
      throw noRoom();
    case "TOO_EARLY":
      throw new AppError("SALE_NOT_STARTED", { message: "The waiting room is not open yet." });
    case "SOLD_OUT":
      throw new AppError("SOLD_OUT");
    default:
      return waitingRoomStatus(couponId, userId, loadSale, redis);
  }
}

/** Where the shopper stands in the sale's waiting room; 404 when the sale has none. */
export async function waitingRoomStatus(
  couponId: number,
  userId: string,
  loadSale: LoadSale,
  redis: RedisClient = sharedRedis,
): Promise<RoomStatusView> {
  let status = await getRoomStatus(redis, couponId, userId);
  if (status.state === "none" && (await restoreLostRoom(couponId, loadSale, redis))) {
    status = await getRoomStatus(redis, couponId, userId);
  }
  if (status.state === "none" || status.opensAt === null) throw noRoom();
  return {
    state: status.state,
    joined: status.joined,
    ticket: status.ticket,
    served: status.served,
    ahead: status.ticket === null ? null : Math.max(0, status.ticket - status.served - 1),
    admittedUntil: status.admittedUntil?.toISOString() ?? null,
    ratePerSecond: status.ratePerSecond,
    opensAt: status.opensAt.toISOString(),
    // Only useful until the ticket is known: then the ticket says it exactly.
    draw: status.ticket === null ? status.draw : null,
    inLine: status.inLine,
  };
}

/**
 * Loads a sale, its room included, from MySQL into Redis (the inventory feature's warm-up, wired in by the caller):
 * "missing" for no such coupon, "busy" while another process is loading it.
 */
export type LoadSale = (couponId: number) => Promise<"loaded" | "missing" | "busy">;

const noRoom = () => new AppError("NOT_FOUND", { message: "This sale has no waiting room." });

/**
 * A sale whose room is missing from Redis either has none, or Redis lost it (or has not loaded the sale yet).
 * The second is rebuilt from MySQL, as a purchase rebuilds a lost stock, and true says the room is back; a sale
 * Redis knows to have no room costs no MySQL read.
 */
async function restoreLostRoom(couponId: number, loadSale: LoadSale, redis: RedisClient): Promise<boolean> {
  const [saleState, roomFlag] = await redis.hmget(couponKeys(couponId).sale, "state", "room");
  if (saleState !== null && roomFlag !== "1") return false;
  const loaded = await loadSale(couponId);
  if (loaded === "busy") throw new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1 });
  if (loaded === "missing") return false;
  return (await redis.exists(roomKeys(couponId).room)) === 1;
}
