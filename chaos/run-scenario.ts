import { createBenchCoupon, retireBenchCoupon, benchPrice } from "@/bench/sale";
import type { Shopper } from "@/bench/shoppers";
import { sleep } from "@/bench/concurrency";
import { checkInvariants, creditsOf, waitForOrdersSettled, type SaleOutcome } from "@/chaos/invariants";
import { registerAccount, viewAccount, type Account, type AccountView } from "@/chaos/keycloak-account";
import { runSaleUnderLoad, type LoadStats } from "@/chaos/sale-under-load";
import { timeUntilBack, type Scenario } from "@/chaos/scenarios";
import { unhealthyParts } from "@/chaos/stack-health";
import { programsNotRunning, startCounts } from "@/chaos/stack-processes";

/** One scenario: a sale under load, the fault in the middle of it, then recovery and every invariant. */

export interface ScenarioOptions {
  baseUrl: string;
  shoppers: readonly Shopper[];
  stock: number;
  spreadMs: number;
  injectAfterMs: number;
}

export interface ScenarioReport {
  scenario: Scenario;
  detail: string;
  /** Fault injected → target running again and the whole stack ready; undefined = not within the timeout. */
  recoveryMs?: number;
  load: LoadStats;
  outcome: SaleOutcome;
  restarts: Record<string, number>;
  broken: string[];
}

export async function runScenario(scenario: Scenario, options: ScenarioOptions): Promise<ScenarioReport> {
  const broken: string[] = [];
  const before = await unhealthyParts();
  if (before.length > 0)
    throw new Error(`the stack is not healthy before scenario ${scenario.id}: ${before.join("; ")}`);
  const startsBefore = await startCounts();
  const couponId = await createBenchCoupon(`chaos ${scenario.id}`, options.stock, { warm: true });
  const creditBefore = await creditsOf(options.shoppers.map((s) => s.id));

  // Scenario 7's promise: an account registered before Keycloak restarts logs in after it as the same person.
  let account: Account | undefined;
  let accountBefore: AccountView | undefined;
  if (scenario.id === 7) {
    account = await registerAccount();
    accountBefore = await viewAccount(options.baseUrl, account);
  }

  const load = runSaleUnderLoad({
    baseUrl: options.baseUrl,
    couponId,
    shoppers: options.shoppers,
    spreadMs: options.spreadMs,
    giveUpAfterMs: options.spreadMs + scenario.recoveryTimeoutMs,
  });
  await sleep(options.injectAfterMs);
  const injectedAt = performance.now();
  const injection = await scenario.inject();
  const recoveryMs = await timeUntilBack(injection, injectedAt, scenario.recoveryTimeoutMs, 200);
  if (recoveryMs === undefined)
    broken.push(`not recovered within ${scenario.recoveryTimeoutMs / 1000} s: ${(await unhealthyParts()).join("; ")}`);

  const stats = await load;
  const orderIds = stats.results.flatMap((r) => (r.orderId ? [r.orderId] : []));
  if (!(await waitForOrdersSettled(couponId, orderIds, 120_000)))
    broken.push("accepted orders not all settled within 120 s");
  const outcome = await checkInvariants({ couponId, price: benchPrice, results: stats.results, creditBefore });
  broken.push(...outcome.broken);
  const gaveUp = stats.results.filter((r) => r.gaveUp).length;
  if (gaveUp > 0) broken.push(`${gaveUp} shoppers never got an answer`);

  if (account && accountBefore) {
    const after = await viewAccount(options.baseUrl, account).catch((error: unknown) => (error as Error).message);
    if (typeof after === "string") broken.push(`the account registered before the restart cannot log in: ${after}`);
    else if (after.subject !== accountBefore.subject || after.credit !== accountBefore.credit)
      broken.push(
        `the account came back as ${after.subject} with ${after.credit} (was ${accountBefore.subject} with ${accountBefore.credit})`,
      );
  }

  const dead = await programsNotRunning();
  if (dead.length > 0) broken.push(`left dead: ${dead.join(", ")}`);
  const startsAfter = await startCounts();
  const restarts = Object.fromEntries(
    Object.entries(startsAfter)
      .map(([name, n]) => [name, n - (startsBefore[name] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
  // The verdict is already in; a coupon left on sale is only clutter, so it is reported rather than failed.
  await retireBenchCoupon(couponId, true).catch((error: unknown) => {
    console.warn(
      `chaos: coupon ${couponId} could not be retired: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return { scenario, detail: injection.detail, recoveryMs, load: stats, outcome, restarts, broken };
}
