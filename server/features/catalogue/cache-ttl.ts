/**
 * Cache lifetimes of the catalogue, and the jitter that keeps keys written together from expiring together
 * (applied by jitteredTtlMs in server/infra/read-through-cache).
 */
export const catalogueTtl = {
  l1Ms: 30_000,
  l2Ms: 120_000,
  /** Share of the L2 TTL added or removed at random: 2 min ± 12 s. */
  l2JitterRatio: 0.1,
  /** Negative entries live briefly: a coupon created a moment later must not stay "missing" for long. */
  missingMs: 30_000,
} as const;
