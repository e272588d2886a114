import { z } from "zod";
import { isoTime } from "@/contract/common";

/** A sale's waiting room: `waiting` before the opening, `open` while it admits, `soldout` once no unit is left. */
export const roomStates = ["waiting", "open", "soldout"] as const;
export const roomState = z.enum(roomStates);
export type RoomState = z.infer<typeof roomState>;

/** Where the caller stands in a sale's waiting room (GET and POST /api/coupons/:id/room). */
export const roomStatusView = z.object({
  state: roomState,
  /** Whether the caller is in line. */
  joined: z.boolean(),
  /** The caller's place in line, from 1; null before the opening (the pre-queue's order is drawn then). */
  ticket: z.number().int().min(1).nullable(),
  /** Tickets admitted so far: the caller's turn has come when it reaches their ticket. */
  served: z.number().int().min(0),
  /** People in line ahead of the caller; null until the caller has a ticket. */
  ahead: z.number().int().min(0).nullable(),
  /** Until when the caller may buy; null when they hold no admission. */
  admittedUntil: isoTime.nullable(),
  /** Admissions per second at most: with `ahead`, an estimate of the wait. */
  ratePerSecond: z.number().int().min(0),
  /** When the sale opens and the line starts moving. */
  opensAt: isoTime,
});
export type RoomStatusView = z.infer<typeof roomStatusView>;
