import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { pool } from "@/server/infra/db";
import { purchaseRequest } from "@/bench/http-phase";
import { runLoad } from "@/bench/load";
import { createBenchCoupon } from "@/bench/sale";
import type { Shopper } from "@/bench/shoppers";
import { isNginxPort } from "@/bench/target";
import { topology } from "@/infra/topology";

/** The app instances behind a bench target, and warming them so no measured phase pays first-sight costs. */

/** Instance ports behind NGINX (the topology's app instances), or the target's own port when it is one instance. */
export function instancePorts(base: URL): Promise<number[]> {
  const port = Number(base.port);
  return Promise.resolve(isNginxPort(port) ? topology.app.instances.map((instance) => instance.port) : [port]);
}

/**
 * Every instance verifies every shopper's token once and learns their users row, by a purchase of a PAUSED
 * coupon straight at each port (refused, so nothing is bought). Returns the coupon id, to retire it later.
 */
export async function warmInstances(
  base: URL,
  ports: readonly number[],
  shoppers: readonly Shopper[],
  label: string,
): Promise<number> {
  const paused = await createBenchCoupon(`${label} warm-up`, 1, { warm: false });
  await pool.query("UPDATE coupons SET sale_state = 'PAUSED' WHERE id = ?", [paused]);
  await warmCouponSale(paused);
  for (const port of ports) {
    await runLoad({
      target: { host: base.hostname, port },
      connections: 16,
      durationMs: 120_000,
      maxRequests: shoppers.length,
      next: purchaseRequest(shoppers, `/api/coupons/${paused}/purchase`),
    });
  }
  return paused;
}
