import type { RoomStats } from "@/contract/admin";
import { roomStates, type RoomState } from "@/contract/room";
import { couponKeys } from "@/server/keys/coupon-keys";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import type { RedisClient } from "@/server/infra/redis-client";

type Reply<T> = [Error | null, T];

/**
 * The waiting room of one coupon's sale, counted for the admin's live view; null when the sale has no room, or
 * its room is switched off. Read only: nothing here moves the line, so polling it never changes the sale.
 *
 * The room keeps no count of the admissions a purchase used up (the purchase script simply removes them), so it
 * is derived: an admission is either still in the admitted set (held, or expired and not swept by a tick yet),
 * counted as abandoned by a tick, or used. Every shopper is admitted at most once (the cursor only moves forward
 * over a line that never changes), so used = admitted − abandoned − what the set still holds, exactly.
 */
export async function readRoomStats(redis: RedisClient, couponId: number): Promise<RoomStats | null> {
  const keys = roomKeys(couponId);
  // The scripts judge expiry by Redis's clock, so this does too.
  const [seconds, micros] = await redis.time();
  const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  // One MULTI (every key shares the coupon's slot): the counts are one consistent snapshot of the room.
  const replies = (await redis
    .multi()
    .hmget(keys.room, "state", "served", "ratePerSecond", "abandoned")
    .hget(couponKeys(couponId).sale, "room")
    .zcard(keys.queue)
    .zcard(keys.admitted)
    .zcount(keys.admitted, "-inf", nowMs)
    .exec()) as [Reply<(string | null)[]>, Reply<string | null>, Reply<number>, Reply<number>, Reply<number>] | null;
  if (!replies) return null;
  for (const [error] of replies) if (error) throw error;
  const [[, room], [, saleRoomFlag], [, inLine], [, inAdmittedSet], [, expiredUnswept]] = replies;
  const [state, servedText, rateText, abandonedText] = room;
  // A sale hash saying "0" means the admin switched the room off; a room whose sale is not loaded yet still counts.
  if (!isRoomState(state) || saleRoomFlag === "0") return null;

  // The cursor: every ticket below it has been admitted, each once.
  const admitted = Number(servedText ?? 0);
  const sweptAbandoned = Number(abandonedText ?? 0);
  const purchased = Math.max(0, admitted - sweptAbandoned - inAdmittedSet);
  return {
    state,
    joined: inLine,
    waiting: Math.max(0, inLine - admitted),
    holdingAdmission: inAdmittedSet - expiredUnswept,
    admitted,
    // An admission past its time is abandoned whether or not a tick has swept it yet.
    abandoned: sweptAbandoned + expiredUnswept,
    purchased,
    ratePerSecond: Number(rateText ?? 0),
    conversion: admitted === 0 ? null : purchased / admitted,
  };
}

function isRoomState(value: string | null | undefined): value is RoomState {
  return (roomStates as readonly (string | null | undefined)[]).includes(value);
}
