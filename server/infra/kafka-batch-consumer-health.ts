/**
 * Whether a batch consumer is doing its job, from what it reports: a consumer that kafkajs gave up on
 * (CRASH without restart) is dead; one that has a backlog on its partitions but handled nothing for a while is
 * stalled (its store hung, a batch stuck). An idle consumer with no backlog is healthy, however long it waits.
 * The stalled reason says "settled": the words /healthz has always answered with, kept for whoever reads them.
 */
export interface ConsumerHealthState {
  /** kafkajs crashed and will not restart the consumer. */
  crashed: boolean;
  /** The consumer has joined its group at least once. */
  joined: boolean;
  /** Last time the handler finished a chunk, whose offsets are then resolved (ms). */
  lastProgressAt: number;
  /** Uncommitted events on the partitions this consumer owns; null until measured (or when Kafka did not say). */
  lag: number | null;
  /** Since when the lag has been above zero without progress (ms); null when not. */
  backlogSince: number | null;
}

export type ConsumerVerdict =
  { healthy: true; status: "ok" | "starting" } | { healthy: false; status: "crashed" | "stalled"; reason: string };

export function assessConsumerHealth(state: ConsumerHealthState, now: number, stallAfterMs: number): ConsumerVerdict {
  if (state.crashed)
    return { healthy: false, status: "crashed", reason: "the Kafka consumer crashed and will not restart" };
  if (!state.joined) return { healthy: true, status: "starting" };
  if (state.lag !== null && state.lag > 0 && state.backlogSince !== null) {
    // Progress counts from whichever is later: a backlog that just appeared gets the full grace period.
    const idleFor = now - Math.max(state.lastProgressAt, state.backlogSince);
    if (idleFor >= stallAfterMs) {
      return {
        healthy: false,
        status: "stalled",
        reason: `${state.lag} events waiting and nothing settled for ${Math.round(idleFor / 1000)} s`,
      };
    }
  }
  return { healthy: true, status: "ok" };
}

/** Records a lag measurement: the backlog clock starts when the lag turns positive and stops when it is gone. */
export function withLag(state: ConsumerHealthState, lag: number | null, now: number): ConsumerHealthState {
  if (lag === null) return { ...state, lag };
  if (lag === 0) return { ...state, lag, backlogSince: null };
  return { ...state, lag, backlogSince: state.backlogSince ?? now };
}
