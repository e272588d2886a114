import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fairnessMarkdown, summarizeFairness } from "@/bench/fairness-report";
import { noRoomJoinsYet, type FairnessSaleResult } from "@/bench/fairness-sale-run";
import { proofOfWorkCostSample, saleRun } from "@/bench/results-fixture";

/** A made-up sale of the fairness phase: the shape of one, not a measured figure. */
function sale(withRoom: boolean, botUnits: number, broken: string[] = []): FairnessSaleResult {
  const check = { ...saleRun("x", 1, 1).check, couponId: 7, totalStock: 500, paid: 500, broken };
  return {
    withRoom,
    couponId: 7,
    botUnits,
    peopleUnits: 500 - botUnits,
    sold: 500,
    botsShare: botUnits / 500,
    openingSecond: { requests: 4000, p50Ms: 3, p95Ms: 20, p99Ms: 40 },
    statuses: { "202": 500, "403": 0, "409": 100, "429": 3000, "503": 2, other: 0 },
    purchaseRequests: 3602,
    soldOutAfterMs: 1500,
    peopleClicked: 4500,
    room: withRoom
      ? {
          ...noRoomJoinsYet(),
          joined: 5000,
          botsInFirstStockTickets: 52,
          ticketsFetched: 5000,
          roomUpdates: 30,
          ratePerSecond: 200,
          marginPercent: 10,
        }
      : undefined,
    clientQueued: 0,
    cpu: { bench: 40, machine: 190 },
    settlement: {
      settled: 500,
      drainedAfterLastAcceptMs: 100,
      spanMs: 900,
      ordersPerSecond: 550,
      acceptToSettledMs: { p50: 50, p99: 200, max: 250 },
      timedOut: false,
    },
    check,
  };
}

const setup = {
  prequeueMinutes: 1,
  roomRate: "server default" as const,
  shoppersSetupMs: 42_000,
  proofOfWork: proofOfWorkCostSample,
};

describe("fairness report", () => {
  it("when the room's sales give bots about 10%, then each side gets its mean and the target is met", () => {
    const section = summarizeFairness(
      [sale(false, 250), sale(true, 50), sale(false, 260), sale(true, 55), sale(false, 240), sale(true, 45)],
      setup,
    );
    assert.equal(section.withRoom.n, 3);
    assert.ok(Math.abs(section.withRoom.mean - 0.1) < 1e-12);
    assert.ok(Math.abs(section.withoutRoom.mean - 0.5) < 1e-12);
    assert.ok(section.withRoom.low < 0.1 && section.withRoom.high > 0.1);
    assert.equal(section.targetMet, true);
    assert.deepEqual(section.broken, []);
  });

  it("when the room's share is outside 7–13% or an invariant broke, then the summary says so", () => {
    const section = summarizeFairness([sale(true, 80), sale(false, 250, ["oversold: 501 paid of 500"])], setup);
    assert.equal(section.targetMet, false);
    assert.deepEqual(section.broken, ["fairness without room (coupon 7): oversold: 501 paid of 500"]);
  });

  it("when the report is written, then it names each sale's share, latency, answers and the means", () => {
    const markdown = fairnessMarkdown(summarizeFairness([sale(false, 250), sale(true, 50)], setup));
    assert.match(markdown, /\| 1 +\| off +\| 250 +\| 250 +\| 50\.0% +\| 500\/500 +\| 1500 +\| 3 \/ 20 \/ 40 +\| 4000/);
    assert.match(markdown, /202: 500, 409: 100, 429: 3000, 503: 2/);
    assert.match(markdown, /Bots' share with the room: 10\.0% \(95% CI 10\.0%–10\.0%, n = 1\); without: 50\.0%/);
    assert.match(markdown, /Target with the room 10\.0% ± 3\.0%: met/);
    assert.match(markdown, /\| 2 +\| 5000 \(0 late, 0 failed\) +\| not asked +\| 52 +\| 5000 +\| 200\/s, \+10% +\| 30/);
    assert.match(markdown, /crowd signed in and warmed in 42\.0 s/);
  });
});
