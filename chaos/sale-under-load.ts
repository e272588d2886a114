import { randomUUID } from "node:crypto";
import { sleep } from "@/bench/concurrency";
import type { Shopper } from "@/bench/shoppers";

/**
 * Real shoppers in a sale: each clicks Buy once at a random moment of the opening window and, like the web app,
 * retries the same click (same Idempotency-Key) while the shop says "busy" (503, 429, or no answer at all), until
 * it gets an answer or gives up. What every shopper finally heard is what the invariants are checked against.
 */

export interface ShopperResult {
  shopperId: string;
  /** 202: the promise the shop made. */
  orderId?: string;
  /** Final refusal code (SOLD_OUT, ALREADY_PURCHASED, …) when the shop said no. */
  refusal?: string;
  gaveUp: boolean;
  attempts: number;
}

export interface LoadStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Answers a shopper should never see: 5xx other than 503, 401 with a valid token, unanswered requests. */
  clientErrors: number;
  results: ShopperResult[];
  lastAcceptAtMs: number;
}

export interface SaleLoadOptions {
  baseUrl: string;
  couponId: number;
  shoppers: readonly Shopper[];
  /** Clicks are spread uniformly over this window. */
  spreadMs: number;
  /** A shopper still retrying after this gives up. */
  giveUpAfterMs: number;
}

export async function runSaleUnderLoad(options: SaleLoadOptions): Promise<LoadStats> {
  const stats: LoadStats = { requests: 0, byStatus: {}, clientErrors: 0, results: [], lastAcceptAtMs: 0 };
  const started = performance.now();
  await Promise.all(
    options.shoppers.map(async (shopper) => {
      await sleep(Math.random() * options.spreadMs);
      stats.results.push(await buyWithRetries(options, shopper, stats, started + options.giveUpAfterMs));
    }),
  );
  return stats;
}

async function buyWithRetries(
  options: SaleLoadOptions,
  shopper: Shopper,
  stats: LoadStats,
  giveUpAt: number,
): Promise<ShopperResult> {
  const idempotencyKey = randomUUID();
  const result: ShopperResult = { shopperId: shopper.id, gaveUp: false, attempts: 0 };
  for (;;) {
    result.attempts += 1;
    stats.requests += 1;
    const answer = await post(options, shopper, idempotencyKey);
    stats.byStatus[answer.label] = (stats.byStatus[answer.label] ?? 0) + 1;
    if (answer.status === 202) {
      result.orderId = answer.body.orderId;
      stats.lastAcceptAtMs = Date.now();
      return result;
    }
    const retryable = answer.status === 0 || answer.status === 429 || answer.status >= 500;
    if (!retryable) {
      result.refusal = answer.body.error ?? String(answer.status);
      if (answer.status === 401) stats.clientErrors += 1;
      return result;
    }
    if (answer.status === 0 || (answer.status >= 500 && answer.status !== 503)) stats.clientErrors += 1;
    if (performance.now() > giveUpAt) {
      result.gaveUp = true;
      return result;
    }
    await sleep(answer.retryAfterMs + Math.random() * 250);
  }
}

interface Answer {
  status: number;
  label: string;
  retryAfterMs: number;
  body: { orderId?: string; error?: string };
}

async function post(options: SaleLoadOptions, shopper: Shopper, idempotencyKey: string): Promise<Answer> {
  try {
    const response = await fetch(`${options.baseUrl}/api/coupons/${options.couponId}/purchase`, {
      method: "POST",
      headers: { authorization: `Bearer ${shopper.accessToken}`, "idempotency-key": idempotencyKey },
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    let body: Answer["body"] = {};
    try {
      body = JSON.parse(text) as Answer["body"];
    } catch {
      // An HTML error page from a proxy: the status says enough.
    }
    const retryAfter = Number(response.headers.get("retry-after"));
    return {
      status: response.status,
      label: body.error ? `${response.status} ${body.error}` : String(response.status),
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 5) * 1_000 : 1_000,
      body,
    };
  } catch (error) {
    return { status: 0, label: `no answer (${(error as Error).name})`, retryAfterMs: 1_000, body: {} };
  }
}
