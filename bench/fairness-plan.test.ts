import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  BOT_SLOT_MS,
  botsShare,
  clickDelayMs,
  countStatuses,
  isTurn,
  meanWithInterval,
  nextBotSlotMs,
  openingSecond,
  percentile,
  splitCrowd,
} from "@/bench/fairness-plan";

/** A seeded generator (mulberry32), so a test's draws are the same on every run. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fairness plan", () => {
  it("when the crowd is split, then every shopper is exactly one of bot or person, in the asked numbers", () => {
    const crowd = Array.from({ length: 5000 }, (_, i) => i);
    const { bots, people } = splitCrowd(crowd, 500, seeded(1));
    assert.equal(bots.length, 500);
    assert.equal(people.length, 4500);
    assert.equal(new Set([...bots, ...people]).size, 5000);
    // A random split, not the first 500: the bots are spread over the whole list.
    assert.ok(bots.some((b) => b >= 4500) && bots.some((b) => b < 500));
  });

  it("when a bot's answer comes back, then its next attempt starts at its next 50 ms slot, never twice in one", () => {
    assert.equal(nextBotSlotMs(1000, 7, -Infinity), 1007);
    assert.equal(nextBotSlotMs(1007, 7, -Infinity), 1007);
    // Answered within its own slot: the next one is the following slot, not the same again.
    assert.equal(nextBotSlotMs(1008, 7, 1007), 1057);
    assert.equal(nextBotSlotMs(1007, 7, 1007), 1057);
    // A slow answer (120 ms) skips the slots it missed.
    assert.equal(nextBotSlotMs(1127, 7, 1007), 1157);
    assert.equal(BOT_SLOT_MS, 50);
  });

  it("when a bot is answered at once, then it fires 20 times a second", () => {
    let slot = -Infinity;
    let count = 0;
    for (let now = 0; now < 1000;) {
      slot = nextBotSlotMs(now, 13, slot);
      if (slot >= 1000) break;
      count += 1;
      now = slot + 2;
    }
    assert.equal(count, 20);
  });

  it("when people's click delays are drawn, then they lie in 0.2–2 s and spread over it", () => {
    const random = seeded(7);
    const delays = Array.from({ length: 10_000 }, () => clickDelayMs(random));
    assert.ok(delays.every((d) => d >= 200 && d < 2000));
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    assert.ok(Math.abs(mean - 1100) < 20, `mean ${mean}`);
  });

  it("when the room has served up to a ticket, then it is that shopper's turn", () => {
    assert.equal(isTurn(10, 9), false);
    assert.equal(isTurn(10, 10), true);
    assert.equal(isTurn(10, 50), true);
  });

  it("when shares are summed over runs, then the mean's 95% interval uses Student's t", () => {
    assert.equal(botsShare(50, 500), 0.1);
    assert.equal(botsShare(0, 0), 0);
    const summary = meanWithInterval([0.08, 0.1, 0.12, 0.1, 0.1]);
    assert.equal(summary.n, 5);
    assert.ok(Math.abs(summary.mean - 0.1) < 1e-12);
    // s = sqrt(0.0008 / 4) = 0.01414; t(4) = 2.776; half width = 2.776 × 0.01414 / sqrt(5) = 0.01756.
    assert.ok(Math.abs(summary.high - summary.mean - 0.01756) < 1e-4, `high ${summary.high}`);
    assert.ok(Math.abs(summary.mean - summary.low - 0.01756) < 1e-4);
    assert.deepEqual(meanWithInterval([0.3]), { n: 1, mean: 0.3, low: 0.3, high: 0.3 });
  });

  it("when the opening second is measured, then only requests sent in it count, with nearest-rank percentiles", () => {
    const opening = 10_000;
    const requests = [
      { startMs: 9_999, latencyMs: 500, status: 409 },
      ...Array.from({ length: 100 }, (_, i) => ({ startMs: opening + i * 10, latencyMs: i + 1, status: 429 })),
      { startMs: 11_000, latencyMs: 900, status: 202 },
    ];
    assert.deepEqual(openingSecond(requests, opening), { requests: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99 });
    assert.equal(percentile([], 0.5), 0);
  });

  it("when statuses are counted, then the named ones are kept apart and the rest is other", () => {
    const counts = countStatuses([{ status: 202 }, { status: 429 }, { status: 429 }, { status: 0 }, { status: 404 }]);
    assert.deepEqual(counts, { "202": 1, "403": 0, "409": 0, "429": 2, "503": 0, other: 2 });
  });
});
