import type { ResultSetHeader, RowDataPacket } from "mysql2/promise";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { couponKeys } from "@/server/keys/coupon-keys";
import { benchPrice } from "@/bench/sale";

/**
 * The fairness phase's sale: a fresh coupon that opens in the future (bots fire before it opens), with its waiting
 * room on or off. The room is switched on in MySQL before the warm-up, which opens it in Redis, as an admin's edit does.
 */

export interface FairnessSaleInput {
  label: string;
  stock: number;
  opensInMs: number;
  /** Absent: no waiting room. */
  room?: {
    prequeueMinutes: number;
    /** Admissions per second; null = the server's default (ROOM_ADMIT_PER_SECOND_DEFAULT). */
    admitPerSecond: number | null;
    /** Whether joining costs a proof of work (the phase measures its cost apart: 5,000 solves do not fit a sale). */
    proofOfWork: boolean;
  };
}

export interface FairnessSale {
  couponId: number;
  /** The opening by Redis's clock (the purchase script's), ms since the epoch. */
  openingMs: number;
  /** The room's rate and margin as the room holds them (undefined without a room). */
  room?: { ratePerSecond: number; marginPercent: number; prequeueFromMs: number };
}

export async function createFairnessSale(input: FairnessSaleInput): Promise<FairnessSale> {
  const [result] = await pool.query<ResultSetHeader>(
    `INSERT INTO coupons (name, description, price, total_stock, stock, sale_start, sale_end, sale_state,
                          waiting_room, room_prequeue_minutes, room_admit_per_second, room_proof_of_work)
     VALUES (?, 'Created by npm run bench (fairness).', ?, ?, ?,
             UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, UTC_TIMESTAMP(3) + INTERVAL 2 HOUR, 'ACTIVE', ?, ?, ?, ?)`,
    [
      `bench ${input.label}`,
      benchPrice,
      input.stock,
      input.stock,
      Math.round(input.opensInMs * 1000),
      input.room !== undefined,
      input.room?.prequeueMinutes ?? 10,
      input.room?.admitPerSecond ?? null,
      input.room?.proofOfWork ?? true,
    ],
  );
  const couponId = Number(result.insertId);
  const outcome = await warmCouponSale(couponId);
  if (outcome.status !== "loaded" && outcome.status !== "kept")
    throw new Error(`warm-up of fairness coupon ${couponId}: ${outcome.status}`);
  const keys = couponKeys(couponId);
  const [startMs, roomFlag] = await redis.hmget(keys.sale, "startMs", "room");
  const openingMs = Number(startMs);
  if (!Number.isFinite(openingMs)) throw new Error(`fairness coupon ${couponId}: no startMs in the sale hash`);
  if ((roomFlag === "1") !== (input.room !== undefined))
    throw new Error(
      `fairness coupon ${couponId}: the sale hash's room flag is ${roomFlag}, expected the room ${input.room ? "on" : "off"}`,
    );
  if (!input.room) return { couponId, openingMs };
  const [rate, margin, prequeueFrom] = await redis.hmget(keys.room, "ratePerSecond", "marginPercent", "prequeueFromMs");
  return {
    couponId,
    openingMs,
    room: { ratePerSecond: Number(rate), marginPercent: Number(margin), prequeueFromMs: Number(prequeueFrom) },
  };
}

/** Who holds the sale's paid units, by the orders table (the settled truth, not the answers the bench saw). */
export async function paidBuyers(couponId: number): Promise<string[]> {
  const [rows] = await pool.query<(RowDataPacket & { user_id: string })[]>(
    "SELECT user_id FROM orders WHERE coupon_id = ? AND status = 'PAID'",
    [couponId],
  );
  return rows.map((row) => row.user_id);
}
