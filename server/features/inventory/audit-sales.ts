import type { RedisClient } from "@/server/infra/redis-client";
import { Gauge } from "prom-client";
import { couponKeys, loadedSalesKey } from "@/server/keys/coupon-keys";
import { findPaidOwners, findSaleWithPaidCount } from "@/server/features/inventory/sale-repository";
import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("sale-auditor");

const gauges = globalSingleton("sale-audit-gauges", () => ({
  drift: new Gauge({
    name: "sale_audit_drift",
    help: "Units by which a sale invariant is off (0 = holds): redis = total - (Redis stock + buyers), db = total - (DB stock + paid), owners = buyers not matching paid owners once settled",
    labelNames: ["coupon_id", "check"],
    registers: [metrics.registry],
  }),
  lastRun: new Gauge({
    name: "sale_audit_last_run_seconds",
    help: "Unix time of the last completed audit",
    registers: [metrics.registry],
  }),
}));

export interface SaleAudit {
  couponId: number;
  totalStock: number;
  redisStock: number | null;
  buyers: number;
  pending: number;
  dbStock: number;
  paid: number;
  /** total − (Redis stock + |buyers|): 0 when Redis conserves stock. */
  redisDrift: number | null;
  /** total − (DB stock + paid orders): 0 when MySQL conserves stock. */
  dbDrift: number;
  /** Buyers that are not paid owners plus paid owners missing from buyers; null while orders are pending. */
  ownersDrift: number | null;
  /** The sale can no longer sell (ended or disabled) and nothing is left to settle: this audit is its last. */
  isFinal: boolean;
}

/**
 * The sale invariants, checked from outside the purchase path: every unit is either in stock or held by a
 * buyer (Redis), either in stock or paid (MySQL), and once nothing is pending the buyers are exactly the
 * owners. An empty pending hash stands in for "Kafka lag is zero": a record leaves it only after settlement.
 */
export async function auditSale(redis: RedisClient, couponId: number): Promise<SaleAudit | undefined> {
  const keys = couponKeys(couponId);
  const [sale, [stockRaw, buyers, pending]] = await Promise.all([
    findSaleWithPaidCount(couponId),
    readRedisSide(redis, couponId),
  ]);
  if (!sale) return undefined;
  const { paid } = sale;
  const redisStock = stockRaw === null ? null : Number(stockRaw);
  let ownersDrift: number | null = null;
  if (pending === 0 && redisStock !== null) {
    const [members, owners] = await Promise.all([redis.smembers(keys.buyers), findPaidOwners(couponId)]);
    const ownerSet = new Set(owners);
    const memberSet = new Set(members);
    ownersDrift = members.filter((m) => !ownerSet.has(m)).length + owners.filter((o) => !memberSet.has(o)).length;
  }
  return {
    couponId,
    totalStock: sale.totalStock,
    redisStock,
    buyers,
    pending,
    dbStock: sale.stock,
    paid,
    redisDrift: redisStock === null ? null : sale.totalStock - (redisStock + buyers),
    dbDrift: sale.totalStock - (sale.stock + paid),
    ownersDrift,
    isFinal: pending === 0 && (sale.state === "DISABLED" || sale.endMs <= Date.now()),
  };
}

/** One MULTI, so the three numbers describe the same moment (a purchase changes stock and buyers together). */
async function readRedisSide(redis: RedisClient, couponId: number): Promise<[string | null, number, number]> {
  const keys = couponKeys(couponId);
  const replies = (await redis.multi().get(keys.stock).scard(keys.buyers).hlen(keys.pending).exec()) ?? [];
  const values = replies.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  return [(values[0] as string | null) ?? null, Number(values[1]), Number(values[2])];
}

/** Audits every loaded sale, exports the drifts as gauges and logs an error for each broken invariant. */
export async function auditLoadedSales(redis: RedisClient): Promise<SaleAudit[]> {
  const audits: SaleAudit[] = [];
  for (const member of await redis.smembers(loadedSalesKey)) {
    const audit = await auditSale(redis, Number(member));
    if (!audit) continue;
    audits.push(audit);
    const label = String(audit.couponId);
    const drifted = audit.dbDrift !== 0 || (audit.redisDrift ?? 0) !== 0 || (audit.ownersDrift ?? 0) !== 0;
    if (drifted) log.error({ ...audit }, "sale invariant drift");
    if (audit.isFinal) {
      // Audited once at its end, then retired: the set (and the gauges' label set) holds live sales only, so the
      // auditor's work does not grow with every sale ever held.
      log.info({ ...audit, drifted }, "final sale audit");
      await redis.srem(loadedSalesKey, member);
      for (const check of ["db", "redis", "owners"]) gauges.drift.remove({ coupon_id: label, check });
      continue;
    }
    gauges.drift.set({ coupon_id: label, check: "db" }, audit.dbDrift);
    if (audit.redisDrift !== null) gauges.drift.set({ coupon_id: label, check: "redis" }, audit.redisDrift);
    if (audit.ownersDrift !== null) gauges.drift.set({ coupon_id: label, check: "owners" }, audit.ownersDrift);
  }
  gauges.lastRun.set(Date.now() / 1000);
  return audits;
}
