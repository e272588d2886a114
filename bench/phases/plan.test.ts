import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { defaultOptions, parseOptions } from "@/bench/options";
import { closedLoopStrategies } from "@/bench/phases/closed-loop-strategies";
import { isFullRun, phasePlans, progressSteps } from "@/bench/phases/plan";

const allPlans = Object.values(phasePlans);

describe("bench phase plan", () => {
  it("when a full run has bench routes, then the progress line counts 18 steps, else 14", () => {
    assert.equal(progressSteps(allPlans, defaultOptions, { benchRoutes: true }), 18);
    assert.equal(progressSteps(allPlans, defaultOptions, { benchRoutes: false }), 14);
  });

  it("when only the noisy neighbour runs, then shoppers, warm-up and it make 3 steps", () => {
    for (const options of [
      parseOptions(["--noisy-neighbour-only", "--noisy-rate", "50"]),
      parseOptions(["--noisy-neighbour-only", "--noisy-rate", "50", "--purchase-only"]),
    ]) {
      assert.equal(progressSteps(allPlans, options, { benchRoutes: true }), 3);
      assert.deepEqual(
        Object.entries(phasePlans)
          .filter(([, plan]) => plan.appliesTo(options))
          .map(([name]) => name),
        ["noisyNeighbour"],
      );
    }
  });

  it("when only the purchase runs, then each repeat is a step and a closed-loop sale of ours", () => {
    const options = parseOptions(["--purchase-only", "--repeat", "3"]);
    assert.equal(progressSteps(allPlans, options, { benchRoutes: true }), 5);
    assert.equal(isFullRun(options), false);
    assert.deepEqual(closedLoopStrategies(options, true), ["redis-lua (ours)", "redis-lua (ours)", "redis-lua (ours)"]);
  });

  it("when bench routes are on, then the closed loop adds the route handler and the three MySQL strategies", () => {
    assert.deepEqual(closedLoopStrategies(defaultOptions, true), [
      "redis-lua (ours)",
      "redis-lua via route handler",
      "pessimistic",
      "optimistic",
      "conditional",
    ]);
    assert.deepEqual(closedLoopStrategies(defaultOptions, false), ["redis-lua (ours)"]);
  });
});
