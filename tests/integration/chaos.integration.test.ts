import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";
import { loadShoppers } from "@/bench/shoppers";
import { runScenario } from "@/chaos/run-scenario";
import { scenarios } from "@/chaos/scenarios";
import { waitUntilHealthy } from "@/chaos/stack-health";
import { closeConnections } from "@/server/infra/close-connections";

/**
 * The short subset of `npm run chaos` that every `npm test` runs against the real stack: an app instance and
 * Redis are killed with SIGKILL in the middle of a sale. supervisord must bring each back within 15 s, and every
 * shopper told 202 must own the coupon exactly once, with stock and credit conserved in Redis and MySQL.
 */

// Many shoppers from one address: NGINX's benchmark listener, where per-client limits do not apply.
let closeListener: () => Promise<void> = async () => undefined;
before(async () => {
  closeListener = await openBenchListener();
});
after(async () => {
  await closeListener();
  await closeConnections();
});

describe("chaos subset", { timeout: 300_000 }, () => {
  for (const id of [1, 4]) {
    const scenario = scenarios.find((s) => s.id === id)!;
    it(`when ${scenario.name}, then it is back within 15 s and every accepted order is paid exactly once`, async () => {
      assert.notEqual(await waitUntilHealthy(120_000), undefined, "the stack is not healthy before the fault");
      const shoppers = await loadShoppers(120, 15 * 60_000, () => undefined);
      const report = await runScenario(scenario, {
        baseUrl: benchListenerUrl,
        shoppers,
        stock: 80,
        spreadMs: 8_000,
        injectAfterMs: 2_000,
      });
      assert.deepEqual(report.broken, []);
      assert.ok(
        report.recoveryMs !== undefined && report.recoveryMs <= 15_000,
        `recovered after ${report.recoveryMs} ms`,
      );
      assert.equal(report.outcome.accepted, 80, "the sale sold out");
      assert.equal(report.outcome.paid, 80);
      assert.ok(
        (report.restarts[scenario.id === 1 ? "app-2" : "redis"] ?? 0) >= 1,
        "supervisord restarted the killed process",
      );
    });
  }
});
