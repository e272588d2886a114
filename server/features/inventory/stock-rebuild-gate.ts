/**
 * When a coupon's stock may be (re)built in Redis from MySQL.
 *
 * The rebuild computes stock = DB stock − pending records. That is exact while Redis holds a pending record for
 * every accepted, unsettled order. A Redis that lost its data (restarted empty, restored from an old file) no
 * longer does: orders it accepted are still on their way through Kafka, not yet in MySQL's stock, and a rebuild
 * now would sell their units a second time. So a rebuild that might follow such a loss waits until the
 * coupon's partition of the orders topic has no uncommitted event (everything accepted before is settled in
 * MySQL), and, on a Redis that is new, until an event already handed to the producer had time to land there.
 * Until then the sale stays closed and purchases answer 503 TRY_AGAIN_LATER.
 */

/** Longer than the publisher's ack timeout (5 s): an event accepted before the loss is in Kafka by then, or lost. */
export const IN_FLIGHT_GRACE_MS = 6_000;
/**
 * How long after Redis was (re)started empty every rebuild waits for its partition's backlog, even for a coupon
 * MySQL has never settled an order of (its first orders may all still be in Kafka).
 */
export const NEW_REDIS_WINDOW_MS = 10 * 60_000;

export interface RebuildFacts {
  /** How long ago this Redis got its epoch marker, i.e. how long it has held data (ms). */
  redisAgeMs: number;
  /** MySQL has settled an order of this coupon: it sold before, so its stock once lived in Redis. */
  hasSettledOrders: boolean;
  /** A forced rebuild (reconcile --fix) replaces a live key: same rule as after a loss. */
  force: boolean;
  /**
   * MySQL created the coupon after this Redis got its epoch marker (by more than CLOCK_SKEW_MARGIN_MS): no
   * earlier Redis can have accepted an order for it, so a new Redis is no reason to wait.
   */
  createdAfterRedisEpoch: boolean;
}

/** Allowance for the clocks of MySQL's and Redis's hosts when a coupon's creation is compared with the epoch. */
export const CLOCK_SKEW_MARGIN_MS = 30_000;

export type RebuildVerdict = { allowed: true } | { allowed: false; reason: string };

/** Whether the rebuild needs the backlog check at all; a brand-new sale on a settled Redis does not. */
export function needsDrainedBacklog(facts: RebuildFacts): boolean {
  return (
    facts.force || facts.hasSettledOrders || (facts.redisAgeMs < NEW_REDIS_WINDOW_MS && !facts.createdAfterRedisEpoch)
  );
}

/** `partitionLag`: uncommitted events on the coupon's partition; null when Kafka could not say. */
export function judgeRebuild(facts: RebuildFacts, partitionLag: number | null): RebuildVerdict {
  if (!needsDrainedBacklog(facts)) return { allowed: true };
  if (facts.redisAgeMs < IN_FLIGHT_GRACE_MS)
    return { allowed: false, reason: "Redis is new; events accepted before may still be in flight" };
  if (partitionLag === null)
    return { allowed: false, reason: "the settlement backlog is unknown (Kafka did not answer)" };
  if (partitionLag > 0)
    return { allowed: false, reason: `${partitionLag} order events of this partition are not settled yet` };
  return { allowed: true };
}
