import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { coupons, orders, userCoupons } from "@/drizzle/schema";
import type { OrderEvent } from "@/server/events/order-event";
import {
  settleAsBatch,
  settleBatch,
  settleOrderByOrder,
  type Settlement,
} from "@/server/features/payments/settlement-repository";
import { closeConnections } from "@/server/infra/close-connections";
import { db, pool } from "@/server/infra/db";
import { createCoupon, createUsers, creditOf, debitsOf } from "@/tests/support/sale-fixtures";

/*
 * The batch path against the per-order path, on real MySQL: the same mixed batch settles to the same rows,
 * ledger, credits and stock either way, and a database guard the in-memory decision could not see sends the
 * batch back to the per-order path, which still ends correct. No Kafka or Redis: `isHeld` stands in for Redis.
 */

after(closeConnections);

type Path = (events: OrderEvent[], isHeld: (orderId: string) => boolean) => Promise<Settlement[]>;

function event(userId: string, couponId: number, price: number, reservedAt: number): OrderEvent {
  // TIMESTAMP columns start in 1970-01-01 00:00:01 UTC: offsets from now keep the values storable.
  return {
    orderId: randomUUID(),
    userId,
    couponId,
    price,
    serverId: null,
    reservedAt: Date.now() - 60_000 + reservedAt,
  };
}

const outcomeOf = (s: Settlement) =>
  s.outcome === "PAID" ? "PAID" : s.outcome === "FAILED" ? s.reason : `REPLAYED ${s.status}`;

async function stockOf(couponId: number) {
  const [row] = await db.select({ stock: coupons.stock }).from(coupons).where(eq(coupons.id, couponId));
  return row?.stock;
}

/** A batch with every outcome; returns the events by role and what each must become. */
async function mixedSale() {
  const pricey = await createCoupon({ stock: 10, price: 600 });
  const other = await createCoupon({ stock: 10, price: 600 });
  const lastUnit = await createCoupon({ stock: 1, price: 100 });
  const [tight, owner, released, replayer, twice, rivalA, rivalB] = await createUsers(7, 1_000);
  // The owner already holds `pricey` through an earlier, settled order.
  await db.insert(userCoupons).values({ userId: owner!, couponId: pricey, orderId: randomUUID(), price: 600 });
  const replayed = event(replayer!, other, 600, 1);
  await db.insert(orders).values({
    id: replayed.orderId,
    userId: replayed.userId,
    couponId: replayed.couponId,
    price: replayed.price,
    status: "PAID",
    reservedAt: new Date(replayed.reservedAt),
  });
  // Rivals for the last unit: settlement order (user id, then reservedAt) decides, in both paths alike.
  const [first, second] = [rivalA!, rivalB!].sort();
  const roles = {
    // Credit 1,000 covers one of the two 600 coupons: the older reservation wins.
    tightPaid: event(tight!, pricey, 600, 1),
    tightRefused: event(tight!, other, 600, 2),
    owned: event(owner!, pricey, 600, 1),
    released: event(released!, pricey, 600, 1),
    replayed,
    // Enough credit for both: only ownership refuses the second.
    twiceFirst: event(twice!, other, 300, 1),
    twiceSecond: event(twice!, other, 300, 2),
    lastUnitWinner: event(first!, lastUnit, 100, 5),
    lastUnitLoser: event(second!, lastUnit, 100, 1),
    unknownUser: event(`ghost-${randomUUID()}`, pricey, 600, 1),
  };
  const expected: Record<keyof typeof roles, string> = {
    tightPaid: "PAID",
    tightRefused: "INSUFFICIENT_CREDIT",
    owned: "ALREADY_OWNED",
    released: "RESERVATION_RELEASED",
    replayed: "REPLAYED PAID",
    twiceFirst: "PAID",
    twiceSecond: "ALREADY_OWNED",
    lastUnitWinner: "PAID",
    lastUnitLoser: "OUT_OF_STOCK",
    unknownUser: "USER_NOT_FOUND",
  };
  const isHeld = (orderId: string) => orderId !== roles.released.orderId;
  return {
    roles,
    expected,
    isHeld,
    coupons: { pricey, other, lastUnit },
    users: { tight, owner, released, replayer, twice, first, second },
  };
}

async function settleMixed(path: Path) {
  const sale = await mixedSale();
  const events = Object.values(sale.roles).reverse();
  const results = await path(events, sale.isHeld);
  const byOrder = new Map(results.map((s) => [s.event.orderId, outcomeOf(s)]));
  const outcomes = Object.fromEntries(Object.entries(sale.roles).map(([role, e]) => [role, byOrder.get(e.orderId)]));

  const ids = events.map((e) => e.orderId);
  const rows = await db.select().from(orders).where(inArray(orders.id, ids));
  const stored = Object.fromEntries(
    Object.entries(sale.roles).map(([role, e]) => {
      const row = rows.find((r) => r.id === e.orderId);
      return [role, row ? `${row.status} ${row.failureReason ?? ""}`.trim() : "missing"];
    }),
  );
  const debits = (await debitsOf(ids)).filter((d) => d.kind === "DEBIT");
  const u = sale.users;
  const credits = {
    tight: await creditOf(u.tight!),
    owner: await creditOf(u.owner!),
    released: await creditOf(u.released!),
    replayer: await creditOf(u.replayer!),
    twice: await creditOf(u.twice!),
    first: await creditOf(u.first!),
    second: await creditOf(u.second!),
  };
  const stock = {
    pricey: await stockOf(sale.coupons.pricey),
    other: await stockOf(sale.coupons.other),
    lastUnit: await stockOf(sale.coupons.lastUnit),
  };
  const owners = await db.select().from(userCoupons).where(inArray(userCoupons.orderId, ids));
  return {
    sale,
    outcomes,
    stored,
    debitedRoles: Object.entries(sale.roles)
      .filter(([, e]) => debits.some((d) => d.orderId === e.orderId && d.amount === -e.price))
      .map(([role]) => role)
      .sort(),
    credits,
    stock,
    ownedRoles: Object.entries(sale.roles)
      .filter(([, e]) => owners.some((o) => o.orderId === e.orderId))
      .map(([role]) => role)
      .sort(),
    results,
  };
}

describe("batch settlement", { timeout: 60_000 }, () => {
  it("when a batch mixes every outcome, then the batch path settles it exactly as the per-order path does", async () => {
    const batch = await settleMixed(settleAsBatch);
    const oneByOne = await settleMixed(settleOrderByOrder);

    assert.deepEqual(batch.outcomes, batch.sale.expected);
    const { outcomes, stored, debitedRoles, credits, stock, ownedRoles } = batch;
    assert.deepEqual(
      { outcomes, stored, debitedRoles, credits, stock, ownedRoles },
      {
        outcomes: oneByOne.outcomes,
        stored: oneByOne.stored,
        debitedRoles: oneByOne.debitedRoles,
        credits: oneByOne.credits,
        stock: oneByOne.stock,
        ownedRoles: oneByOne.ownedRoles,
      },
    );
    // Absolute facts, not only equality with the other path.
    assert.equal(stored.replayed, "PAID", "the replayed order keeps its stored row");
    assert.equal(stored.tightRefused, "FAILED INSUFFICIENT_CREDIT");
    assert.deepEqual(debitedRoles, ["lastUnitWinner", "tightPaid", "twiceFirst"]);
    assert.deepEqual(ownedRoles, ["lastUnitWinner", "tightPaid", "twiceFirst"]);
    assert.deepEqual(credits, {
      tight: 400,
      owner: 1_000,
      released: 1_000,
      replayer: 1_000,
      twice: 700,
      first: 900,
      second: 1_000,
    });
    assert.deepEqual(stock, { pricey: 9, other: 9, lastUnit: 0 });
  });

  it("when the same batch is settled again, then every order is a replay and nobody is charged twice", async () => {
    const sale = await mixedSale();
    const events = Object.values(sale.roles);
    await settleBatch(events, sale.isHeld);
    const creditAfterFirst = await creditOf(sale.users.tight!);
    const again = await settleBatch(events, sale.isHeld);
    assert.ok(
      again.every((s) => s.outcome === "REPLAYED"),
      JSON.stringify(again.map(outcomeOf)),
    );
    assert.equal(await creditOf(sale.users.tight!), creditAfterFirst);
    assert.equal((await debitsOf(events.map((e) => e.orderId))).filter((d) => d.kind === "DEBIT").length, 3);
    assert.equal(await stockOf(sale.coupons.pricey), 9);
  });

  it("when another transaction commits an ownership behind the batch's snapshot, then the unique index refuses, the batch falls back and ends correct", async () => {
    const couponId = await createCoupon({ stock: 5, price: 100 });
    const [racer, bystander] = await createUsers(2, 1_000);
    const raced = event(racer!, couponId, 100, 1);
    const calm = event(bystander!, couponId, 100, 1);

    // An uncommitted ownership row: invisible to the batch's snapshot read, but its unique key is locked.
    const connection = await pool.getConnection();
    try {
      await connection.query("BEGIN");
      await connection.query("INSERT INTO user_coupons (user_id, coupon_id, order_id, price) VALUES (?, ?, ?, 100)", [
        racer,
        couponId,
        randomUUID(),
      ]);
      const settling = settleBatch([raced, calm], () => true);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await connection.query("COMMIT");
      const results = await settling;
      const byOrder = new Map(results.map((s) => [s.event.orderId, outcomeOf(s)]));
      assert.equal(byOrder.get(raced.orderId), "ALREADY_OWNED");
      assert.equal(byOrder.get(calm.orderId), "PAID");
    } finally {
      connection.release();
    }
    assert.equal(await creditOf(racer!), 1_000, "the refused buyer is not charged");
    assert.equal(await creditOf(bystander!), 900);
    assert.equal(await stockOf(couponId), 4);
    const rows = await db
      .select()
      .from(orders)
      .where(inArray(orders.id, [raced.orderId, calm.orderId]));
    assert.deepEqual(rows.map((r) => `${r.status} ${r.failureReason ?? ""}`.trim()).sort(), [
      "FAILED ALREADY_OWNED",
      "PAID",
    ]);
    assert.deepEqual(
      (await debitsOf([raced.orderId, calm.orderId])).map((d) => d.orderId),
      [calm.orderId],
    );
  });

  it("when a guard refuses one order of the batch, then the batch path rolls back whole and the per-order path isolates that order", async () => {
    const couponId = await createCoupon({ stock: 5, price: 100 });
    const buyers = await createUsers(3, 1_000);
    const events = buyers.map((userId, i) => event(userId, couponId, 100, i));
    const poisoned = events[1]!;
    // A user_coupons row already carrying this order id (another user's): only the order-id unique index sees it.
    const [stranger] = await createUsers(1);
    await db.insert(userCoupons).values({ userId: stranger!, couponId, orderId: poisoned.orderId, price: 100 });

    await assert.rejects(
      settleAsBatch(events, () => true),
      (error: { cause?: { errno?: number } }) => error.cause?.errno === 1062,
    );
    assert.equal(await stockOf(couponId), 5, "the refused batch path left nothing behind");
    assert.equal(
      (
        await db
          .select()
          .from(orders)
          .where(
            inArray(
              orders.id,
              events.map((e) => e.orderId),
            ),
          )
      ).length,
      0,
    );

    const results = await settleBatch(events, () => true);
    const byOrder = new Map(results.map((s) => [s.event.orderId, outcomeOf(s)]));
    assert.deepEqual(
      events.map((e) => byOrder.get(e.orderId)),
      ["PAID", "SETTLEMENT_ERROR", "PAID"],
    );
    assert.deepEqual(await Promise.all(buyers.map((id) => creditOf(id))), [900, 1_000, 900]);
    assert.equal(await stockOf(couponId), 3);
  });
});
