import { reconcileSales } from "@/server/features/inventory/reconcile-sales";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";

/** `npm run reconcile [-- --fix]`: Redis vs MySQL for every active sale; exit 1 when differences remain. */
const fix = process.argv.includes("--fix");
let exitCode = 0;
try {
  const report = await reconcileSales(redis, { fix });
  for (const d of report.differences) {
    console.log(`coupon ${d.couponId}: ${d.what}: redis=${JSON.stringify(d.redis)} mysql=${JSON.stringify(d.mysql)}`);
  }
  console.log(
    `${report.checked} sales checked, ${report.differences.length} differences${fix ? `, ${report.fixed.length} repaired from MySQL` : ""}`,
  );
  if (report.differences.length > 0 && !fix) exitCode = 1;
} finally {
  await closeConnections();
}
process.exit(exitCode);
