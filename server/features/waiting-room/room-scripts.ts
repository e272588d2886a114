import { randomInt } from "node:crypto";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { luaCommand } from "@/server/infra/lua-scripts";
import type { RedisClient } from "@/server/infra/redis-client";

/** Typed calls of the waiting room's scripts (lua/room-*.lua): KEYS and ARGV are built here only. */

export interface RoomSettings {
  opensAt: Date;
  prequeueFrom: Date;
  ratePerSecond: number;
  /** Admitted-but-unbought people allowed beyond the units left, in % of the units left. */
  marginPercent: number;
  admitTtlMs: number;
  /** When the room's keys may go: some time after the sale closes. */
  expiresAt: Date;
  /** Whether joining costs a proof of work (when the shop has it switched on); yes unless said otherwise. */
  proofOfWork?: boolean;
}

/** Coupons whose room is set up: what the ticker walks (a plain key: no script reads it with a coupon's keys). */
export const LIVE_ROOMS_KEY = "rooms:live";

export async function openRoom(redis: RedisClient, couponId: number, settings: RoomSettings): Promise<void> {
  await luaCommand(redis, "roomOpen")(
    roomKeys(couponId).room,
    settings.opensAt.getTime(),
    settings.prequeueFrom.getTime(),
    settings.ratePerSecond,
    settings.marginPercent,
    settings.admitTtlMs,
    settings.expiresAt.getTime(),
    settings.proofOfWork === false ? "0" : "1",
  );
  await redis.sadd(LIVE_ROOMS_KEY, String(couponId));
}

export const joinCodes = ["JOINED", "ALREADY", "NO_ROOM", "TOO_EARLY", "SOLD_OUT"] as const;
export type JoinCode = (typeof joinCodes)[number];

export interface JoinResult {
  code: JoinCode;
  /** The shopper's place in line (1-based) once the sale is open; null before, when the order is not drawn yet. */
  ticket: number | null;
  /** Tickets admitted so far. */
  served: number;
  stock: number;
}

/** The pre-queue's draw: a uniform number in [0,1) from the OS's generator, one per shopper, fixed at their join. */
function drawOrder(): number {
  return randomInt(0, 2 ** 48 - 1) / 2 ** 48;
}

export async function joinRoom(redis: RedisClient, couponId: number, userId: string): Promise<JoinResult> {
  const keys = roomKeys(couponId);
  const [code, ticket, served, stock] = (await luaCommand(redis, "roomJoin")(
    keys.room,
    keys.queue,
    keys.stock,
    userId,
    drawOrder(),
  )) as [JoinCode, number, number, number];
  return { code, ticket: ticket > 0 ? ticket : null, served: Math.max(0, served), stock: Math.max(0, stock) };
}

export type RoomState = "none" | "waiting" | "open" | "soldout";

export interface AdmitTick {
  state: RoomState;
  served: number;
  /** Tickets not admitted yet. */
  waiting: number;
  admittedNow: number;
  /** People holding an unexpired, unused admission. */
  holdingAdmission: number;
  stock: number;
  expiredNow: number;
  ratePerSecond: number;
}

export async function admitNext(redis: RedisClient, couponId: number): Promise<AdmitTick> {
  const keys = roomKeys(couponId);
  const reply = (await luaCommand(redis, "roomAdmit")(keys.room, keys.queue, keys.admitted, keys.stock)) as [
    RoomState,
    ...number[],
  ];
  const [state, served = 0, waiting = 0, admittedNow = 0, holdingAdmission = 0, stock = 0, expiredNow = 0, rate = 0] =
    reply;
  return { state, served, waiting, admittedNow, holdingAdmission, stock, expiredNow, ratePerSecond: rate };
}

/** One tick of every live room; a room whose keys are gone (its sale is over) leaves the list. */
export async function admitLiveRooms(redis: RedisClient): Promise<{ couponId: number; tick: AdmitTick }[]> {
  const couponIds = (await redis.smembers(LIVE_ROOMS_KEY)).map(Number).filter(Number.isSafeInteger);
  const ticks = await Promise.all(
    couponIds.map(async (couponId) => ({ couponId, tick: await admitNext(redis, couponId) })),
  );
  const gone = ticks.filter(({ tick }) => tick.state === "none").map(({ couponId }) => String(couponId));
  if (gone.length > 0) await redis.srem(LIVE_ROOMS_KEY, ...gone);
  return ticks.filter(({ tick }) => tick.state !== "none");
}

export interface RoomStatus {
  state: RoomState;
  /** The shopper's place in line once the sale is open; null before the draw or when they have not joined. */
  ticket: number | null;
  joined: boolean;
  served: number;
  /** When the shopper's admission runs out; null when they hold none. */
  admittedUntil: Date | null;
  ratePerSecond: number;
  opensAt: Date | null;
  /** The shopper's pre-queue draw in [0, 1) (0 = the front); null when they joined after the opening, or not at all. */
  draw: number | null;
  /** Everyone in line, admitted or not. */
  inLine: number;
}

/** Where one shopper stands: one round trip (all keys share the coupon's slot). */
export async function getRoomStatus(redis: RedisClient, couponId: number, userId: string): Promise<RoomStatus> {
  const keys = roomKeys(couponId);
  const replies = await redis
    .multi()
    .hmget(keys.room, "state", "served", "ratePerSecond", "opensAtMs")
    .zrank(keys.queue, userId)
    .zscore(keys.admitted, userId)
    .zscore(keys.queue, userId)
    .zcard(keys.queue)
    .exec();
  const [[, room], [, rank], [, admittedUntil], [, score], [, inLine]] = (replies ?? []) as [
    [Error | null, (string | null)[]],
    [Error | null, number | null],
    [Error | null, string | null],
    [Error | null, string | null],
    [Error | null, number],
  ];
  const [state, served, rate, opensAtMs] = room ?? [];
  if (!state)
    return {
      state: "none",
      ticket: null,
      joined: false,
      served: 0,
      admittedUntil: null,
      ratePerSecond: 0,
      opensAt: null,
      draw: null,
      inLine: 0,
    };
  const opensAt = new Date(Number(opensAtMs));
  const until = admittedUntil === null ? null : new Date(Number(admittedUntil));
  return {
    state: state as RoomState,
    ticket: rank !== null && Date.now() >= opensAt.getTime() ? rank + 1 : null,
    joined: rank !== null,
    served: Number(served ?? 0),
    admittedUntil: until !== null && until.getTime() > Date.now() ? until : null,
    ratePerSecond: Number(rate ?? 0),
    opensAt,
    // Pre-queue scores are the draw itself, in [0, 1); later arrivals score 1 + their arrival number.
    draw: score !== null && Number(score) < 1 ? Number(score) : null,
    inLine: Number(inLine ?? 0),
  };
}
