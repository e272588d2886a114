/**
 * The fairness phase's model, pure so it can be tested: who is a bot, when a bot may fire, when a person clicks,
 * and how the runs are summed up (bots' share, its mean over runs with a 95% interval, opening-second latency).
 */

/** The sale of the issue: 5,000 shoppers of whom 500 are bots, 500 units, one unit per shopper. */
export const fairnessCrowd = { shoppers: 5000, bots: 500, stock: 500 } as const;

/** A bot fires 20 purchase attempts a second: one request in flight, the next at the next 50 ms slot. */
export const BOT_SLOT_MS = 50;
/** Bots start firing this long before the opening. */
export const BOT_LEAD_MS = 5000;
/** A person clicks Buy once, this long after their page shows Buy (uniform). */
export const CLICK_DELAY_MS = { min: 200, max: 2000 } as const;

export type Random = () => number;

/** A random split of the crowd: `bots` of them are bots, the rest people; every split equally likely. */
export function splitCrowd<T>(crowd: readonly T[], bots: number, random: Random): { bots: T[]; people: T[] } {
  const copy = [...crowd];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return { bots: copy.slice(0, bots), people: copy.slice(bots) };
}

/**
 * When a bot's next attempt starts: the first slot of its 50 ms grid (offset by its own `phaseMs`, so 500 bots do
 * not all fire in the same millisecond) at or after `nowMs` and after its previous attempt's slot.
 */
export function nextBotSlotMs(nowMs: number, phaseMs: number, previousSlotMs: number): number {
  const from = Math.max(nowMs, previousSlotMs + 1);
  return phaseMs + Math.ceil((from - phaseMs) / BOT_SLOT_MS) * BOT_SLOT_MS;
}

/** A uniform draw in [min, max). */
export function uniformMs(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** How long after their page shows Buy a person clicks. */
export const clickDelayMs = (random: Random) => uniformMs(random, CLICK_DELAY_MS.min, CLICK_DELAY_MS.max);

/** A shopper's turn has come once the room has admitted their ticket. */
export const isTurn = (ticket: number, served: number) => served >= ticket;

/** Bots' share of the units sold, 0 when nothing sold. */
export const botsShare = (botUnits: number, sold: number) => (sold > 0 ? botUnits / sold : 0);

/** Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom; beyond, the normal's 1.96 is close. */
const t95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export interface MeanInterval {
  n: number;
  mean: number;
  /** The 95% confidence interval of the mean (Student's t over the runs); equal to the mean for one run. */
  low: number;
  high: number;
}

/** The mean of a few runs' values with its 95% interval: few runs, so Student's t, not the normal. */
export function meanWithInterval(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: 0, low: 0, high: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  if (n === 1) return { n, mean, low: mean, high: mean };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
  const half = (t95[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/** Nearest-rank percentile of ascending values (0 for none). */
export function percentile(ascending: readonly number[], q: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.min(ascending.length - 1, Math.max(0, Math.ceil(q * ascending.length) - 1));
  return ascending[rank]!;
}

export interface TimedRequest {
  /** Wall clock (ms) when the request was sent. */
  startMs: number;
  latencyMs: number;
  status: number;
}

export interface OpeningSecond {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** The purchase requests sent in the first second after the opening: how many, and how long they took. */
export function openingSecond(requests: readonly TimedRequest[], openingMs: number): OpeningSecond {
  const latencies = requests
    .filter((r) => r.startMs >= openingMs && r.startMs < openingMs + 1000)
    .map((r) => r.latencyMs)
    .sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 0.5)),
    p95Ms: round(percentile(latencies, 0.95)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

/** The statuses the report names, and `other` for the rest (0 = the connection failed). */
export const reportedStatuses = [202, 403, 409, 429, 503] as const;

export function countStatuses(requests: readonly { status: number }[]): Record<string, number> {
  const counts = new Map<string, number>([...reportedStatuses.map((s) => [String(s), 0] as const), ["other", 0]]);
  for (const { status } of requests) {
    const key = counts.has(String(status)) ? String(status) : "other";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}
