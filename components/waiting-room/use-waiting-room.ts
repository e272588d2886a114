"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { RoomStatusView } from "@/contract/room";
import { ApiError, isAbort, sleep } from "@/components/api-client";
import { useRoomUpdates } from "@/components/realtime/use-realtime";
import { roomStatus, takePlaceInLine } from "@/components/waiting-room/join-room";
import {
  applyRoomUpdate,
  lineFromStatus,
  roomPhase,
  ticketAskDelayMs,
  type RoomLine,
  type RoomPhase,
} from "@/components/waiting-room/room-line";

export type WaitingRoom =
  /** The sale has no room, or the visitor is not signed in: the Buy button works as usual. */
  | { kind: "none" }
  /** Too early: the room lets shoppers in from `prequeueFrom`. */
  | { kind: "not-open-yet"; prequeueFrom: number }
  | { kind: "joining" }
  | { kind: "trouble"; message: string }
  | { kind: "line"; phase: RoomPhase; stock: number | null };

/** The socket moves the line; this slow check only covers a socket that dropped. */
const SAFETY_CHECK_MS = 15_000;
const RETRY_MS = 3_000;

/**
 * The shopper's place in a sale's waiting room: joins once the room is open to them, follows the line from the
 * room's `room_update` messages (one per tick for everyone), and asks the server only at the moments that need it —
 * the opening (the ticket), their turn (the admission's deadline), and a rare safety check.
 */
export function useWaitingRoom(options: {
  couponId: number;
  prequeueFrom: string | null;
  token: string | null;
  /** False once the shopper owns the coupon or is paying for it: the room no longer matters. */
  active: boolean;
  now: number;
}): { room: WaitingRoom; refresh: () => void } {
  const { couponId, token, active, now } = options;
  const prequeueFrom = options.prequeueFrom === null ? null : Date.parse(options.prequeueFrom);
  const [line, setLine] = useState<RoomLine | null>(null);
  const [stock, setStock] = useState<number | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [checks, setChecks] = useState(0);
  const refresh = useCallback(() => setChecks((n) => n + 1), []);
  const lineRef = useRef(line);
  useEffect(() => {
    lineRef.current = line;
  });

  const open = prequeueFrom !== null && token !== null && active && now >= prequeueFrom;

  // Join (or find the place one has) as soon as the room is open to this shopper; again after a failure.
  const joined = line !== null;
  useEffect(() => {
    if (!open || joined || !token) return;
    const controller = new AbortController();
    (async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const status = await takePlaceInLine(couponId, token, controller.signal);
          setTrouble(null);
          setLine(lineFromStatus(status));
          return;
        } catch (error) {
          if (isAbort(error)) return;
          if (error instanceof ApiError && error.code === "SOLD_OUT") return setLine(soldOutLine());
          if (attempt >= 2) setTrouble(joinProblem(error));
          await sleep(RETRY_MS * Math.min(4, attempt + 1), controller.signal);
        }
      }
    })().catch((error: unknown) => {
      if (!isAbort(error)) throw error;
    });
    return () => controller.abort();
  }, [open, joined, couponId, token]);

  useRoomUpdates(couponId, (update) => {
    setStock(update.stock);
    setLine((current) => current && applyRoomUpdate(current, update));
  });

  // The moments the page must ask the server: its ticket at the opening, its admission when the turn came, a
  // NOT_ADMITTED answer (`refresh`), and a slow safety check while in line.
  const phase = line ? roomPhase(line, now) : null;
  const askKey = phase && line ? questionDue(phase, line.served, checks) : null;
  useEffect(() => {
    if (askKey === null || !token) return;
    const controller = new AbortController();
    (async () => {
      await sleep(delayBefore(askKey, lineRef.current), controller.signal);
      const status: RoomStatusView = await roomStatus(couponId, token, controller.signal);
      // Not in line any more (the room was rebuilt after Redis lost it): no line makes the page join again.
      setLine(status.joined || status.state === "soldout" ? lineFromStatus(status) : null);
    })().catch((error: unknown) => {
      if (isAbort(error)) return;
      // The next update or safety check asks again.
    });
    return () => controller.abort();
  }, [askKey, couponId, token]);

  if (prequeueFrom === null || token === null || !active) return { room: { kind: "none" }, refresh };
  if (!open) return { room: { kind: "not-open-yet", prequeueFrom }, refresh };
  if (!line || !phase) return { room: trouble ? { kind: "trouble", message: trouble } : { kind: "joining" }, refresh };
  return { room: { kind: "line", phase, stock }, refresh };
}

/**
 * Which question the page owes the server now, as a key that changes when a new one is due: the ticket at the
 * opening (once), the admission when the turn came (once), and a safety check that the line's movement keeps
 * postponing.
 */
function questionDue(phase: RoomPhase, served: number, checks: number): string | null {
  switch (phase.kind) {
    case "drawing":
      return `ticket:${checks}`;
    case "checking-turn":
      return `turn:${checks}`;
    case "in-line":
    case "drawing-at-opening":
      return `safety:${served}:${checks}`;
    default:
      return checks > 0 ? `asked:${checks}` : null;
  }
}

function delayBefore(question: string, line: RoomLine | null): number {
  if (question.startsWith("ticket:")) return line ? ticketAskDelayMs(line, Math.random()) : 0;
  if (question.startsWith("safety:")) return SAFETY_CHECK_MS * (0.75 + Math.random() / 2);
  return 0;
}

function joinProblem(error: unknown): string {
  if (!(error instanceof ApiError)) return "The network failed; trying again.";
  if (error.code === "SALE_NOT_STARTED" || error.code === "NOT_FOUND")
    return "The waiting room is getting ready; trying again.";
  return "Could not join the waiting room; trying again.";
}

function soldOutLine(): RoomLine {
  return { state: "soldout", ticket: null, served: 0, ratePerSecond: 0, admittedUntil: null, draw: null, inLine: 0 };
}
