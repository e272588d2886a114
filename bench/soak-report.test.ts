import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { memoryVerdict, parseSoakOptions, soakDefaults } from "@/bench/soak-report";

const mb = 2 ** 20;
const series = (levels: (atS: number) => number) =>
  Array.from({ length: 120 }, (_, i) => ({ atS: i * 5, bytes: levels(i * 5) * mb }));

describe("soak memory verdict", () => {
  it("when memory saw-tooths around one level after warm-up, then it is flat", () => {
    const verdict = memoryVerdict(
      "app-1",
      series((s) => (s < 60 ? 150 : 300 + (s % 60 < 30 ? 20 : -10))),
      { warmUpS: 60, tolerance: 0.2 },
    );
    assert.equal(verdict.flat, true);
    assert.ok(verdict.maxGrowthPercent <= 20);
  });

  it("when memory climbs steadily, then it is not flat", () => {
    const verdict = memoryVerdict(
      "app-1",
      series((s) => 300 + s * 0.2),
      { warmUpS: 60, tolerance: 0.2 },
    );
    assert.equal(verdict.flat, false);
    assert.ok(verdict.endGrowthPercent > 20);
  });

  it("when one sample spikes beyond the tolerance, then it is not flat", () => {
    const verdict = memoryVerdict(
      "app-1",
      series((s) => (s === 300 ? 400 : 300)),
      { warmUpS: 60, tolerance: 0.2 },
    );
    assert.deepEqual([verdict.flat, verdict.maxGrowthPercent], [false, 33.3]);
  });

  it("when there are no samples after the warm-up, then it is not called flat", () => {
    assert.equal(memoryVerdict("app-1", [{ atS: 5, bytes: mb }], { warmUpS: 60, tolerance: 0.2 }).flat, false);
  });
});

describe("soak options", () => {
  it("when no option is given, then the defaults apply; flags override them", () => {
    assert.deepEqual(parseSoakOptions([]), soakDefaults);
    assert.deepEqual(parseSoakOptions(["--minutes", "2", "--rate", "1500", "--base", "http://x:1/"]), {
      ...soakDefaults,
      minutes: 2,
      rate: 1500,
      base: "http://x:1",
    });
  });

  it("when an option is unknown, missing its value or out of range, then a message says so", () => {
    assert.match(JSON.stringify(parseSoakOptions(["--bogus", "1"])), /unknown option --bogus/);
    assert.match(JSON.stringify(parseSoakOptions(["--minutes"])), /needs a value/);
    assert.match(JSON.stringify(parseSoakOptions(["--rate", "-5"])), /positive/);
    assert.match(JSON.stringify(parseSoakOptions(["--share", "1.5"])), /fraction/);
  });
});
