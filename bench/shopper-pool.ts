import type { BenchOptions } from "@/bench/options";
import type { Progress } from "@/bench/progress";
import { releaseStaleShopperEmails } from "@/bench/sale";
import { benchEmail, loadShoppers, type Shopper } from "@/bench/shoppers";
import { shuffled } from "@/bench/shuffled";

/** Keycloak tokens live five minutes: a reload signs in again when fewer are left than a phase needs. */
const TOKEN_VALIDITY_CAP_MS = 280_000;
const REFRESH_MARGIN_MS = 15_000;

export interface ShopperPool {
  current(): readonly Shopper[];
  /** The shoppers in one shuffled order, drawn once per run and shared by the closed- and open-loop sales. */
  saleOrder(): readonly Shopper[];
  /** Signs everyone in again when a token would expire within `needMs`; true when it did. */
  renewIfExpiring(needMs: number): Promise<boolean>;
}

/** The `shoppers` step: loads the bench's Keycloak users with tokens, noting an earlier incarnation's leftovers. */
export async function loadShopperPool(
  options: BenchOptions,
  durationMs: number,
  progress: Progress,
  notes: string[],
): Promise<ShopperPool> {
  progress.phase(`shoppers (${options.users} Keycloak users, tokens)`);
  // Every phase must run on tokens that stay valid; the whole run lasts a few minutes, tokens 5.
  const tokenBudgetMs = Math.max(200_000, durationMs * 14 + 60_000);
  let shoppers: Shopper[] = await loadShoppers(
    options.users,
    Math.min(tokenBudgetMs, TOKEN_VALIDITY_CAP_MS),
    (done, total, what) => progress.update(done / Math.max(1, total), `${what} ${done}/${total}`),
  );
  const stale = await releaseStaleShopperEmails(shoppers, benchEmail);
  if (stale > 0)
    notes.push(
      `${stale} users rows of an earlier Keycloak incarnation of the bench shoppers had their e-mail moved aside.`,
    );
  let order: readonly Shopper[] | undefined;
  return {
    current: () => shoppers,
    // Drawn at first use; a renewal leaves it as it is (the same Shopper objects, with the tokens they had).
    saleOrder: () => (order ??= shuffled(shoppers)),
    async renewIfExpiring(needMs) {
      const soonest = Math.min(...shoppers.map((s) => s.accessExpiresAtMs));
      if (soonest - Date.now() > needMs + REFRESH_MARGIN_MS) return false;
      shoppers = await loadShoppers(options.users, TOKEN_VALIDITY_CAP_MS, (done, total, what) =>
        progress.update(done / total, `${what} ${done}/${total}`),
      );
      return true;
    },
  };
}
