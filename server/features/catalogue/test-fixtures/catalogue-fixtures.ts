import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { coupons } from "@/drizzle/schema";
import { createCatalogue, type CatalogueOptions } from "@/server/features/catalogue/create-catalogue";
import { couponKeys } from "@/server/keys/coupon-keys";
import { db } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { deleteKeys as deleteRedisKeys, scanKeys } from "@/server/infra/redis-client";

/** Test-only helpers: coupon rows and key namespaces of their own, so suites never collide with the app. */
export function uniquePrefix() {
  return `test:catalogue:${randomUUID()}`;
}

export interface CouponSeed {
  name?: string;
  stock?: number;
  totalStock?: number;
  startOffsetMs?: number;
  saleState?: "ACTIVE" | "PAUSED" | "DISABLED";
  imageKey?: string | null;
}

export async function insertCoupons(seeds: CouponSeed[]): Promise<number[]> {
  const ids: number[] = [];
  for (const seed of seeds) {
    const start = Date.now() + (seed.startOffsetMs ?? -60_000);
    const totalStock = seed.totalStock ?? 10;
    const [result] = await db.insert(coupons).values({
      name: seed.name ?? `test coupon ${randomUUID().slice(0, 8)}`,
      description: "integration test coupon",
      price: 1999,
      imageKey: seed.imageKey ?? null,
      totalStock,
      stock: seed.stock ?? totalStock,
      saleStart: new Date(start),
      saleEnd: new Date(start + 3_600_000),
      saleState: seed.saleState ?? "ACTIVE",
    });
    ids.push(result.insertId);
  }
  return ids;
}

export async function deleteCoupons(ids: number[]) {
  if (ids.length === 0) return;
  await db.delete(coupons).where(inArray(coupons.id, ids));
  await deleteRedisKeys(
    redis,
    ids.map((id) => couponKeys(id).stock),
  );
}

export async function deleteKeys(prefix: string) {
  await deleteRedisKeys(redis, await scanKeys(redis, `${prefix}:*`));
}

export function testCatalogue(prefix: string, options: CatalogueOptions = {}) {
  return createCatalogue({ prefix, liveStock: true, ...options });
}
