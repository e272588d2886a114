import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { conversionPercent, observedAdmissionRate, roomStateLabel } from "@/components/admin/live-room-model";

describe("live room view model", () => {
  it("when nobody has been let in yet, then conversion reads as a dash, not 0%", () => {
    assert.equal(conversionPercent(null), "—");
  });

  it("when some of those let in bought, then conversion is their share in whole percent", () => {
    assert.equal(conversionPercent(2 / 3), "67%");
    assert.equal(conversionPercent(0), "0%");
  });

  it("when the room is sold out, then its label says the line is closed", () => {
    assert.deepEqual(roomStateLabel("soldout"), { text: "Sold out: line closed", variant: "danger" });
    assert.equal(roomStateLabel("waiting").variant, "secondary");
  });

  it("when admissions grow between samples, then the rate follows the last few seconds only", () => {
    const samples = [0, 1, 2, 3, 4, 5, 6, 7].map((s) => ({ t: s * 1000, admitted: s < 2 ? 0 : 100 + (s - 2) * 20 }));
    // The last six samples span 5 s and 100 admissions (from 100 at t=2 s to 200 at t=7 s).
    assert.equal(observedAdmissionRate(samples), 20);
    assert.equal(observedAdmissionRate(samples.slice(0, 1)), 0);
  });
});
