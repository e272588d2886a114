import { warmAllSales } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";

/** Loads every sellable coupon's sale into Redis. Live stock keys are kept unless `--force` (after reconcile). */
const force = process.argv.includes("--force");
try {
  const summary = await warmAllSales({ force });
  console.log(JSON.stringify({ force, ...summary }));
} finally {
  await closeConnections();
}
