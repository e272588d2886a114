import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { roomView } from "@/components/coupon/room-view";
import type { WaitingRoom } from "@/components/waiting-room/use-waiting-room";

const line = (phase: Extract<WaitingRoom, { kind: "line" }>["phase"]): WaitingRoom => ({
  kind: "line",
  phase,
  stock: 5,
});

describe("the Buy button of a sale with a waiting room", () => {
  it("when the sale has no room, or is not upcoming or on sale, then the room has nothing to say", () => {
    assert.equal(roomView({ kind: "none" }, "ON_SALE", 0), null);
    assert.equal(roomView(line({ kind: "sold-out" }), "ENDED", 0), null);
  });

  it("when the shopper is in line, then the button says how many are ahead and cannot be pressed", () => {
    const view = roomView(line({ kind: "in-line", ticket: 4, ahead: 3, waitSeconds: 2 }), "ON_SALE", 0);
    assert.equal(view?.state, "room-in-line");
    assert.equal(view?.label, "In line — 3 ahead");
    assert.equal(view?.enabled, false);
    assert.equal(
      roomView(line({ kind: "in-line", ticket: 1, ahead: 0, waitSeconds: 1 }), "ON_SALE", 0)?.label,
      "In line — you're next",
    );
  });

  it("when the turn comes, then the button buys and the line under it counts the seconds left", () => {
    const view = roomView(line({ kind: "your-turn", secondsLeft: 42 }), "ON_SALE", 0);
    assert.equal(view?.action, "buy");
    assert.equal(view?.enabled, true);
    assert.equal(view?.message, "It's your turn — buy within 42 s.");
  });

  it("when the room sells out, then the shopper reads Sold out, and a passed turn is said plainly", () => {
    assert.equal(roomView(line({ kind: "sold-out" }), "ON_SALE", 0)?.label, "Sold out");
    assert.equal(roomView(line({ kind: "turn-passed" }), "ON_SALE", 0)?.label, "Your turn has passed");
  });

  it("before the opening, then the countdown stays on the button and the line under it explains the draw", () => {
    const view = roomView(line({ kind: "drawing-at-opening" }), "UPCOMING", 65_000);
    assert.equal(view?.label, "Opens in 1 min 5 s");
    assert.match(view?.message ?? "", /random order/);
    assert.equal(roomView({ kind: "not-open-yet", prequeueFrom: 0 }, "UPCOMING", 65_000)?.state, "room-not-open");
  });

  it("when the sale is open and the exact place not asked yet, then the button says about how many are ahead", () => {
    const far = roomView(line({ kind: "drawing", estimatedAhead: 2400 }), "ON_SALE", 0);
    assert.deepEqual([far?.state, far?.label, far?.enabled], ["room-drawing", "In line — about 2400 ahead", false]);
    const unknown = roomView(line({ kind: "drawing", estimatedAhead: null }), "ON_SALE", 0);
    assert.deepEqual([unknown?.label, unknown?.busy], ["Drawing your place in line…", true]);
  });
});
