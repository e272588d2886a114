import type { RoomState, RoomStatusView } from "@/contract/room";

/**
 * Where one shopper stands in a sale's waiting room, as the page knows it: the server's answer to GET/POST
 * /room, moved on by the `room_update` messages every watcher gets (one per tick, not one per person).
 */
export interface RoomLine {
  state: RoomState;
  /** The shopper's place in line, from 1; null before the opening draws the pre-queue's order. */
  ticket: number | null;
  /** Tickets admitted so far: the shopper's turn has come when it reaches their ticket. */
  served: number;
  ratePerSecond: number;
  /**
   * Until when (epoch ms) the shopper may buy; null when the server said they hold no admission, undefined when
   * it has not been asked since their turn came.
   */
  admittedUntil: number | null | undefined;
  /** The pre-queue's draw for this shopper, 0 (front) to 1 (back); null once the ticket is known or without one. */
  draw: number | null;
  /** Everyone in line, as last heard. */
  inLine: number;
}

export type RoomPhase =
  /** Before the opening: in line, the order drawn at the opening. */
  | { kind: "drawing-at-opening" }
  /**
   * Open, the exact ticket not asked for yet: the page asks when the line nears the draw's estimate (then it is
   * the people ahead as far as the draw tells; null when the shopper has no draw).
   */
  | { kind: "drawing"; estimatedAhead: number | null }
  | { kind: "in-line"; ticket: number; ahead: number; waitSeconds: number | null }
  /** The turn came; the page asks the server for the admission's deadline. */
  | { kind: "checking-turn" }
  | { kind: "your-turn"; secondsLeft: number }
  | { kind: "turn-passed" }
  | { kind: "sold-out" };

export function lineFromStatus(status: RoomStatusView): RoomLine {
  return {
    state: status.state,
    ticket: status.ticket,
    served: status.served,
    ratePerSecond: status.ratePerSecond,
    admittedUntil: status.admittedUntil === null ? null : Date.parse(status.admittedUntil),
    draw: status.ticket === null ? status.draw : null,
    inLine: status.inLine,
  };
}

/** A tick's news: the cursor only moves forward, so a late message never moves a shopper back in line. */
export function applyRoomUpdate(
  line: RoomLine,
  update: { state: RoomState; served: number; waiting: number; ratePerSecond: number },
): RoomLine {
  const served = Math.max(line.served, update.served);
  const turnJustCame = line.ticket !== null && line.served < line.ticket && served >= line.ticket;
  return {
    ...line,
    state: update.state,
    served,
    ratePerSecond: update.ratePerSecond,
    inLine: Math.max(line.inLine, update.served + update.waiting),
    // An admission the page had not seen yet: ask the server when it ends.
    admittedUntil: turnJustCame && line.admittedUntil === null ? undefined : line.admittedUntil,
  };
}

export function roomPhase(line: RoomLine, nowMs: number): RoomPhase {
  if (line.state === "soldout") return { kind: "sold-out" };
  if (line.ticket === null)
    return line.state === "waiting"
      ? { kind: "drawing-at-opening" }
      : { kind: "drawing", estimatedAhead: estimatedTicket(line) === null ? null : estimatedAhead(line) };
  if (typeof line.admittedUntil === "number") {
    if (nowMs < line.admittedUntil)
      return { kind: "your-turn", secondsLeft: Math.ceil((line.admittedUntil - nowMs) / 1000) };
    return { kind: "turn-passed" };
  }
  if (line.served >= line.ticket)
    return line.admittedUntil === undefined ? { kind: "checking-turn" } : { kind: "turn-passed" };
  const ahead = Math.max(0, line.ticket - line.served - 1);
  return { kind: "in-line", ticket: line.ticket, ahead, waitSeconds: estimateWaitSeconds(ahead, line.ratePerSecond) };
}

/** Where the draw puts the shopper in a line of `inLine`: its share of the pre-queue, which is the line's front. */
function estimatedTicket(line: RoomLine): number | null {
  return line.draw === null ? null : Math.max(1, Math.ceil(line.draw * line.inLine));
}

function estimatedAhead(line: RoomLine): number {
  return Math.max(0, (estimatedTicket(line) ?? 1) - line.served - 1);
}

/** At the opening every page in the pre-queue asks for its ticket within this window, not in one spike. */
export const TICKET_JITTER_MS = 1_500;
/** A page asks for its exact ticket when the room is this many seconds of admissions from the draw's estimate. */
const ASK_BEFORE_TURN_SECONDS = 3;

/**
 * How long after the opening (or after `line` was last heard) the page asks for its exact ticket: at once for
 * the front of the line, later the further back the draw put it, so 5,000 pages do not all ask in the opening
 * second; a page whose estimate the stock never reaches may never ask (the room closes first). `random` in
 * [0, 1) spreads the asks of pages with the same estimate.
 */
export function ticketAskDelayMs(line: RoomLine, random: number): number {
  const spread = random * TICKET_JITTER_MS;
  if (line.draw === null || line.ratePerSecond <= 0) return spread;
  const secondsToNear = estimatedAhead(line) / line.ratePerSecond - ASK_BEFORE_TURN_SECONDS;
  return Math.max(0, secondsToNear * 1000) + spread;
}

/** The wait if the room keeps admitting at its rate; null when it admits nobody (no unit free right now). */
export function estimateWaitSeconds(ahead: number, ratePerSecond: number): number | null {
  if (ratePerSecond <= 0) return null;
  return Math.ceil((ahead + 1) / ratePerSecond);
}

export function describeWait(seconds: number | null): string {
  if (seconds === null) return "Waiting for a coupon to come free";
  if (seconds < 60) return "Less than a minute";
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? "About 1 minute" : `About ${minutes} minutes`;
}
