import { Counter } from "prom-client";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { coupons } from "@/drizzle/schema";
import type { CachedCoupon, CachedPage } from "@/server/features/catalogue/types";
import { db } from "@/server/infra/db";
import { globalSingleton } from "@/server/infra/global-singleton";
import { metrics } from "@/server/infra/metrics";

/**
 * The catalogue's only door to MySQL. Every statement is counted (plain counter for tests, prom-client for
 * dashboards), because "one MySQL query per cold key" is the promise the caches in front of it must keep.
 */

type QueryKind = "page" | "page_total" | "total" | "coupon" | "max_id";

const queryCounter = globalSingleton("catalogue-db-queries", () => ({
  total: 0,
  byKind: { page: 0, page_total: 0, total: 0, coupon: 0, max_id: 0 } satisfies Record<QueryKind, number>,
  prom: new Counter({
    name: "catalogue_db_queries_total",
    help: "MySQL statements issued by the catalogue (cache misses that reached the database)",
    labelNames: ["kind"],
    registers: [metrics.registry],
  }),
}));

function count(kind: QueryKind) {
  queryCounter.total += 1;
  queryCounter.byKind[kind] += 1;
  queryCounter.prom.inc({ kind });
}

/** Statements issued so far in this process (all kinds, or one kind). Tests compare before/after. */
export function catalogueQueryCount(kind?: QueryKind): number {
  return kind ? queryCounter.byKind[kind] : queryCounter.total;
}

const columns = {
  id: coupons.id,
  name: coupons.name,
  description: coupons.description,
  price: coupons.price,
  listPrice: coupons.listPrice,
  imageKey: coupons.imageKey,
  stock: coupons.stock,
  totalStock: coupons.totalStock,
  saleStart: coupons.saleStart,
  saleEnd: coupons.saleEnd,
  saleState: coupons.saleState,
  waitingRoom: coupons.waitingRoom,
  roomPrequeueMinutes: coupons.roomPrequeueMinutes,
};

type Row = Pick<typeof coupons.$inferSelect, keyof typeof columns>;

function toCached(row: Row): CachedCoupon | undefined {
  if (row.saleState === "DISABLED") return undefined;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: row.price,
    listPrice: row.listPrice,
    imageKey: row.imageKey,
    stock: Math.max(0, row.stock),
    totalStock: row.totalStock,
    saleStart: row.saleStart.getTime(),
    saleEnd: row.saleEnd.getTime(),
    saleState: row.saleState,
    roomPrequeueMinutes: row.waitingRoom ? row.roomPrequeueMinutes : null,
  };
}

export interface CatalogueRepository {
  findPage(page: number, size: number): Promise<CachedPage>;
  /** Undefined for unknown and DISABLED coupons alike: shoppers cannot tell them apart. */
  findCoupon(id: number): Promise<CachedCoupon | undefined>;
  /** Number of listed (not DISABLED) coupons. */
  countListed(): Promise<number>;
  /** Highest id ever issued (0 when none): ids above it cannot exist, which stops bogus-id floods cheaply. */
  findMaxId(): Promise<number>;
}

const listed = ne(coupons.saleState, "DISABLED");

export const catalogueRepository: CatalogueRepository = {
  async findPage(page, size) {
    count("page");
    // Newest coupons first; the id order keeps pages stable while the clock moves. The window count gives the
    // total in the same statement, so a cold page costs exactly one query.
    const rows = await db
      .select({ ...columns, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(coupons)
      .where(listed)
      .orderBy(desc(coupons.id))
      .limit(size)
      .offset((page - 1) * size);
    const items = rows.map(toCached).filter((c): c is CachedCoupon => c !== undefined);
    if (rows.length > 0) return { items, total: rows[0]!.total };
    // Past the last page there is no row to carry the window count.
    count("page_total");
    const [result] = await db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(coupons)
      .where(listed);
    return { items, total: result?.total ?? 0 };
  },

  async findCoupon(id) {
    count("coupon");
    const [row] = await db
      .select(columns)
      .from(coupons)
      .where(and(eq(coupons.id, id), listed))
      .limit(1);
    return row ? toCached(row) : undefined;
  },

  async countListed() {
    count("total");
    const [result] = await db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(coupons)
      .where(listed);
    return result?.total ?? 0;
  },

  async findMaxId() {
    count("max_id");
    const [row] = await db.select({ maxId: sql<number | null>`max(${coupons.id})`.mapWith(Number) }).from(coupons);
    return row?.maxId ?? 0;
  },
};
