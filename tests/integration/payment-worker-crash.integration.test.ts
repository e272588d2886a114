import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { createOrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { closeConnections } from "@/server/infra/close-connections";
import {
  createCoupon,
  createUsers,
  debitsOf,
  ensureOrderTopics,
  ordersOf,
  saleState,
  waitForNoPending,
  waitForSettled,
} from "@/tests/support/sale-fixtures";

const publisher = createOrderPublisher();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startWorker(): Promise<ChildProcess & { port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "workers/payment-worker.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, WORKER_PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return Object.assign(child, { port });
}

/** Resolves once the worker answers /healthz: its signal handlers are installed by then. */
async function waitForHealthy(port: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    assert.ok(Date.now() < deadline, "the restarted worker never became healthy");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

const children: ChildProcess[] = [];

before(ensureOrderTopics);

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await publisher.close();
  await closeConnections();
});

describe("payment worker crash", { timeout: 240_000 }, () => {
  it("when the worker is killed mid-run and restarted, then every accepted order ends PAID or FAILED exactly once", async () => {
    const couponId = await createCoupon({ stock: 1_000, price: 100 });
    assert.equal((await warmCouponSale(couponId)).status, "loaded");
    // 990 can pay, 10 cannot: both outcomes must survive the crash exactly once.
    const users = [...(await createUsers(990, 1_000)), ...(await createUsers(10, 50))];
    const accepted = await Promise.all(users.map((userId) => purchaseCoupon({ userId, couponId }, { publisher })));
    assert.equal(accepted.length, 1_000);

    const first = await startWorker();
    children.push(first);
    const deadline = Date.now() + 90_000;
    let settledAtKill = 0;
    for (;;) {
      settledAtKill = (await ordersOf(couponId)).length;
      if (settledAtKill > 0) break;
      assert.ok(Date.now() < deadline, "the first worker never settled anything");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.kill("SIGKILL");
    await exited(first);

    const second = await startWorker();
    children.push(second);
    const rows = await waitForSettled(couponId, 1_000, 120_000);
    await waitForNoPending(couponId, 60_000);

    const ids = new Set(accepted.map((a) => a.orderId));
    assert.equal(rows.length, 1_000);
    assert.ok(rows.every((row) => ids.has(row.id)));
    assert.equal(rows.filter((row) => row.status === "PAID").length, 990);
    assert.deepEqual(
      rows.filter((row) => row.status === "FAILED").map((row) => row.failureReason),
      Array.from({ length: 10 }, () => "INSUFFICIENT_CREDIT"),
    );
    const debits = (await debitsOf([...ids])).filter((d) => d.kind === "DEBIT");
    assert.equal(debits.length, 990);
    assert.equal(new Set(debits.map((d) => d.orderId)).size, 990);

    const state = await saleState(couponId);
    assert.equal(state.paid + state.redisStock, state.totalStock);
    assert.equal(state.paid + state.dbStock, state.totalStock);
    assert.deepEqual([state.dbStock, state.redisStock, state.buyers], [10, 10, 990]);
    console.log(`worker killed with ${settledAtKill}/1000 orders settled; the restarted worker finished the rest`);

    // Another worker of the group (the running stack's) may have settled the rest before this one booted; a
    // SIGTERM that lands before its handlers are installed would end it by the default action, not cleanly.
    await waitForHealthy(second.port);
    second.kill("SIGTERM");
    assert.equal(await exited(second), 0, "a SIGTERM stops the worker cleanly");
  });
});
