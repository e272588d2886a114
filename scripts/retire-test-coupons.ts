import { listNonDemoCouponIdsSince } from "@/server/features/admin/admin-repository";
import { changeSale } from "@/server/features/admin/change-sale";
import { closeConnections } from "@/server/infra/close-connections";

/**
 * LOCAL TEST HYGIENE, run by `npm test` when its suites end: the coupons the suites created since it started are
 * disabled — not deleted, so their orders, owners and ledger rows stay consistent — and so the shop a developer
 * opens after `npm test` shows the demo sale rather than pages of fixtures. Demo coupons are never touched.
 *
 *   npx tsx scripts/retire-test-coupons.ts <ISO time the test run started>
 */
async function main() {
  const since = new Date(process.argv[2] ?? "");
  if (Number.isNaN(since.getTime())) throw new Error("usage: retire-test-coupons.ts <ISO start time of the test run>");
  const ids = await listNonDemoCouponIdsSince(since);
  for (const id of ids) {
    // The admin's own "disable" action: MySQL, the sale hash in Redis and every catalogue cache follow.
    // One coupon that cannot be disabled must not keep the others on sale: say which, and carry on.
    await changeSale(id, { action: "disable" }).catch((error: unknown) => {
      console.error(`coupon ${id} stays on sale: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  console.log(`retired ${ids.length} test coupons created since ${since.toISOString()}`);
}

main()
  .catch((error: unknown) => {
    console.error(`retiring test coupons failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeConnections();
    process.exit();
  });
