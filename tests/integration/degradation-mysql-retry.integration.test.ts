import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { OrderEvent } from "@/server/events/order-event";
import { withTransientRetry } from "@/server/features/payments/retry-transient";
import { settleOrderByOrder } from "@/server/features/payments/settlement-repository";
import { closeConnections } from "@/server/infra/close-connections";
import { pool } from "@/server/infra/db";
import { createCoupon, createUsers, creditOf, ordersOf } from "@/tests/support/sale-fixtures";

after(closeConnections);

describe("settlement under transient MySQL errors", { timeout: 60_000 }, () => {
  it("when the buyer's row stays locked past the lock-wait timeout, then the settlement is retried and the order ends PAID, never SETTLEMENT_ERROR", async () => {
    const couponId = await createCoupon({ stock: 5, price: 100 });
    const [userId] = await createUsers(1, 1_000);
    const event: OrderEvent = {
      orderId: randomUUID(),
      userId: userId!,
      couponId,
      price: 100,
      serverId: null,
      reservedAt: Date.now(),
    };

    // Another transaction holds the user row longer than the session's innodb_lock_wait_timeout (5 s): the
    // per-order path's credit UPDATE ends in 1205 once, and must not turn that into a verdict on the order.
    const holder = await pool.getConnection();
    let retries = 0;
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM users WHERE id = ? FOR UPDATE", [userId]);
      const settling = withTransientRetry(() => settleOrderByOrder([event]), { onRetry: () => void (retries += 1) });
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      await holder.query("COMMIT");
      const [settled] = await settling;
      assert.equal(settled?.outcome, "PAID", JSON.stringify(settled));
    } finally {
      holder.release();
    }
    assert.ok(retries >= 1, "the lock wait timed out at least once");
    const rows = await ordersOf(couponId);
    assert.deepEqual(
      rows.map((row) => [row.id, row.status, row.failureReason]),
      [[event.orderId, "PAID", null]],
    );
    assert.equal(await creditOf(userId!), 900);
  });
});
