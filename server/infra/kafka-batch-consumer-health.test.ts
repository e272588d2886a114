import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assessConsumerHealth, withLag, type ConsumerHealthState } from "@/server/infra/kafka-batch-consumer-health";

const base: ConsumerHealthState = { crashed: false, joined: true, lastProgressAt: 0, lag: 0, backlogSince: null };
const stallAfterMs = 60_000;

describe("assessConsumerHealth", () => {
  it("when kafkajs crashed the consumer for good, then it is unhealthy", () => {
    assert.deepEqual(assessConsumerHealth({ ...base, crashed: true }, 1, stallAfterMs).healthy, false);
  });

  it("when there is no backlog, then a consumer that settled nothing for an hour is healthy", () => {
    assert.equal(assessConsumerHealth(withLag(base, 0, 3_600_000), 3_600_000, stallAfterMs).healthy, true);
  });

  it("when a backlog waits and nothing is settled for the stall period, then it is stalled, and progress heals it", () => {
    let state = withLag({ ...base, lastProgressAt: 1_000 }, 25, 10_000);
    assert.equal(
      assessConsumerHealth(state, 10_000 + stallAfterMs - 1, stallAfterMs).healthy,
      true,
      "a fresh backlog gets the full period",
    );
    const stalled = assessConsumerHealth(state, 10_000 + stallAfterMs, stallAfterMs);
    assert.equal(stalled.healthy, false);
    assert.equal(stalled.healthy ? "" : stalled.status, "stalled");
    state = { ...state, lastProgressAt: 10_000 + stallAfterMs };
    assert.equal(assessConsumerHealth(state, 10_000 + stallAfterMs + 1, stallAfterMs).healthy, true);
  });

  it("when the lag drops to zero, then the backlog clock stops, and restarts from the next backlog", () => {
    const state = withLag(withLag(withLag(base, 5, 1_000), 0, 2_000), 5, 90_000);
    assert.equal(state.backlogSince, 90_000);
  });

  it("when the lag cannot be measured, then the stall clock keeps running from the last known backlog", () => {
    const state = withLag(withLag(base, 5, 1_000), null, 2_000);
    assert.equal(state.backlogSince, 1_000);
  });
});
