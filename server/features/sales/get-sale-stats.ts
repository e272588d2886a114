import type { RedisClient } from "@/server/infra/redis-client";
import { auditSale, type SaleAudit } from "@/server/features/inventory/audit-sales";
import { readSaleOutcomes } from "@/server/features/sales/sale-outcomes";
import { readRoomStats } from "@/server/features/waiting-room/room-stats";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { ORDERS_CONSUMER_GROUP, consumerLag } from "@/server/infra/kafka";
import { redis as sharedRedis } from "@/server/infra/redis";
import type { SaleStats } from "@/server/features/sales/types";

/** What the admin's live sale view shows, read fresh on each call (admins poll it once a second). */
export async function getSaleStats(couponId: number, redis: RedisClient = sharedRedis): Promise<SaleStats> {
  const [audit, outcomes, room, kafkaLag] = await Promise.all([
    auditSale(redis, couponId),
    readSaleOutcomes(redis, couponId),
    readRoomStats(redis, couponId),
    consumerLag(ORDERS_CONSUMER_GROUP, env.KAFKA_ORDERS_TOPIC).catch(() => null),
  ]);
  if (!audit) throw new AppError("NOT_FOUND", { message: "No such coupon." });
  return {
    couponId,
    outcomes,
    sold: audit.paid,
    remaining: audit.redisStock ?? audit.dbStock,
    pendingSettlement: audit.pending,
    kafkaLag,
    audit: auditVerdict(audit),
    room,
    serverTime: new Date().toISOString(),
  };
}

export function auditVerdict(audit: Pick<SaleAudit, "redisDrift" | "dbDrift" | "ownersDrift">): string {
  const drifts = [
    audit.redisDrift ? `Redis stock + buyers off by ${audit.redisDrift}` : null,
    audit.dbDrift ? `DB stock + paid off by ${audit.dbDrift}` : null,
    audit.ownersDrift ? `${audit.ownersDrift} buyers differ from paid owners` : null,
  ].filter(Boolean);
  return drifts.length === 0 ? "OK" : `DRIFT: ${drifts.join("; ")}`;
}
