import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  applyRoomUpdate,
  describeWait,
  estimateWaitSeconds,
  lineFromStatus,
  roomPhase,
  ticketAskDelayMs,
  TICKET_JITTER_MS,
  type RoomLine,
} from "@/components/waiting-room/room-line";

const NOW = Date.parse("2026-12-02T12:00:00.000Z");

function line(overrides: Partial<RoomLine>): RoomLine {
  return {
    state: "open",
    ticket: 10,
    served: 0,
    ratePerSecond: 2,
    admittedUntil: null,
    draw: null,
    inLine: 20,
    ...overrides,
  };
}

describe("a shopper's place in the waiting room's line", () => {
  it("when the server answers, then its deadline becomes epoch ms and the rest is kept", () => {
    const parsed = lineFromStatus({
      state: "open",
      joined: true,
      ticket: 7,
      served: 3,
      ahead: 3,
      admittedUntil: "2026-12-02T12:01:00.000Z",
      ratePerSecond: 5,
      opensAt: "2026-12-02T11:59:00.000Z",
      draw: null,
      inLine: 12,
    });
    assert.deepEqual(parsed, {
      state: "open",
      ticket: 7,
      served: 3,
      ratePerSecond: 5,
      admittedUntil: NOW + 60_000,
      draw: null,
      inLine: 12,
    });
  });

  it("when the line moves, then the people ahead and the wait follow from served and the rate", () => {
    assert.deepEqual(roomPhase(line({ served: 4 }), NOW), { kind: "in-line", ticket: 10, ahead: 5, waitSeconds: 3 });
    const moved = applyRoomUpdate(line({ served: 4 }), { state: "open", served: 8, waiting: 10, ratePerSecond: 2 });
    assert.deepEqual(roomPhase(moved, NOW), { kind: "in-line", ticket: 10, ahead: 1, waitSeconds: 1 });
    assert.deepEqual(roomPhase(line({ served: 9 }), NOW), { kind: "in-line", ticket: 10, ahead: 0, waitSeconds: 1 });
  });

  it("when an older update arrives late, then the shopper never moves back in line", () => {
    const moved = applyRoomUpdate(line({ served: 8 }), { state: "open", served: 5, waiting: 10, ratePerSecond: 2 });
    assert.equal(moved.served, 8);
  });

  it("when the cursor reaches the ticket, then the page asks for the admission, and shows the turn with its seconds", () => {
    const turn = applyRoomUpdate(line({ served: 9 }), { state: "open", served: 10, waiting: 10, ratePerSecond: 2 });
    assert.equal(turn.admittedUntil, undefined);
    assert.deepEqual(roomPhase(turn, NOW), { kind: "checking-turn" });
    const admitted = { ...turn, admittedUntil: NOW + 59_500 };
    assert.deepEqual(roomPhase(admitted, NOW), { kind: "your-turn", secondsLeft: 60 });
    assert.deepEqual(roomPhase(admitted, NOW + 59_500), { kind: "turn-passed" });
  });

  it("when the server says a served ticket holds no admission, then the turn has passed", () => {
    assert.deepEqual(roomPhase(line({ served: 12, admittedUntil: null }), NOW), { kind: "turn-passed" });
  });

  it("when the room sells out, then everyone in line is told at once, whatever their place", () => {
    const soldOut = applyRoomUpdate(line({ served: 2 }), {
      state: "soldout",
      served: 2,
      waiting: 10,
      ratePerSecond: 0,
    });
    assert.deepEqual(roomPhase(soldOut, NOW), { kind: "sold-out" });
  });

  it("when there is no ticket yet, then the shopper waits for the opening's draw, then asks for it", () => {
    assert.deepEqual(roomPhase(line({ state: "waiting", ticket: null }), NOW), { kind: "drawing-at-opening" });
    assert.deepEqual(roomPhase(line({ state: "open", ticket: null }), NOW), { kind: "drawing", estimatedAhead: null });
  });

  it("when the draw put the shopper far back, then the page says about where and asks for its ticket only as the line nears it", () => {
    // 5,000 in line at 200 a second: the back of the line is 25 s of admissions away.
    const back = line({ ticket: null, draw: 0.9, inLine: 5000, ratePerSecond: 200 });
    assert.deepEqual(roomPhase(back, NOW), { kind: "drawing", estimatedAhead: 4499 });
    assert.equal(ticketAskDelayMs(back, 0), (4499 / 200 - 3) * 1000);
    const front = line({ ticket: null, draw: 0.01, inLine: 5000, ratePerSecond: 200 });
    assert.equal(ticketAskDelayMs(front, 0), 0, "the front asks at once");
    assert.equal(ticketAskDelayMs(front, 0.5), TICKET_JITTER_MS / 2, "spread over the jitter window");
    const moved = applyRoomUpdate(back, { state: "open", served: 4000, waiting: 1000, ratePerSecond: 200 });
    assert.equal(ticketAskDelayMs(moved, 0), 0, "once the line has come this far, at once");
    const noDraw = line({ ticket: null, draw: null });
    assert.ok(ticketAskDelayMs(noDraw, 0.99) < TICKET_JITTER_MS, "joined after the opening: at once");
  });

  it("when ticks report more people in line, then the page's count follows, never back", () => {
    const grown = applyRoomUpdate(line({ inLine: 20 }), { state: "waiting", served: 0, waiting: 35, ratePerSecond: 2 });
    assert.equal(grown.inLine, 35);
    assert.equal(applyRoomUpdate(grown, { state: "waiting", served: 0, waiting: 30, ratePerSecond: 2 }).inLine, 35);
  });

  it("when the estimate is worded, then a stopped room says it waits for a coupon to come free", () => {
    assert.equal(estimateWaitSeconds(0, 0), null);
    assert.equal(estimateWaitSeconds(199, 200), 1);
    assert.equal(describeWait(null), "Waiting for a coupon to come free");
    assert.equal(describeWait(30), "Less than a minute");
    assert.equal(describeWait(90), "About 2 minutes");
    assert.equal(describeWait(70), "About 1 minute");
  });
});
