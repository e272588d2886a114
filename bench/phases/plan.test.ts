import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { defaultOptions, parseOptions } from "@/bench/options";
import { closedLoopStrategies } from "@/bench/phases/closed-loop-strategies";
import { isFullRun, phasePlans, progressSteps } from "@/bench/phases/plan";

const allPlans = Object.values(phasePlans);

describe("bench phase plan", () => {
  it("when a full run has bench routes, then the progress line counts 30 steps, else 26", () => {
    // 18 and 14 before the fairness phase, which adds its crowd, the proof of work's cost and 5 sales per side.
    assert.equal(progressSteps(allPlans, defaultOptions, { benchRoutes: true }), 30);
    assert.equal(progressSteps(allPlans, defaultOptions, { benchRoutes: false }), 26);
  });

  it("when only fairness runs, then it is the one phase, with its crowd of 5,000 and one step per sale", () => {
    const options = parseOptions(["--fairness-only", "--fairness-runs", "3"]);
    assert.equal(options.users, 5000);
    assert.equal(isFullRun(options), false);
    assert.deepEqual(
      Object.entries(phasePlans)
        .filter(([, plan]) => plan.appliesTo(options))
        .map(([name]) => name),
      ["fairness"],
    );
    // Shoppers and warm-up, the crowd, the proof of work's cost, 3 sales with the room and 3 without.
    assert.equal(progressSteps(allPlans, options, { benchRoutes: true }), 2 + 1 + 1 + 6);
    assert.equal(parseOptions(["--fairness-only", "--users", "6000"]).users, 6000);
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
