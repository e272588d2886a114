/**
 * `baseMs` ± `ratio`·`baseMs`, uniformly, so keys written together do not expire together (no avalanche);
 * `random` is injectable for tests. Never returns less than 1 ms, so the result is always a valid PX argument.
 */
export function jitteredTtlMs(baseMs: number, ratio: number, random: () => number = Math.random): number {
  const spread = baseMs * ratio;
  return Math.max(1, Math.round(baseMs - spread + 2 * spread * random()));
}
