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
  /**
   * Until the caller has a ticket: where the pre-queue's draw put them, from 0 (the front) to 1 (the back), so a
   * page far back can say roughly where it stands and ask for its exact ticket only when the line nears it. Null
   * once the ticket is known, and for those who joined after the opening (they queue in arrival order).
   */
  draw: z.number().min(0).max(1).nullable(),
  /** Everyone in line, admitted or not. */
  inLine: z.number().int().min(0),
});
export type RoomStatusView = z.infer<typeof roomStatusView>;

/**
 * The proof of work a shopper solves before joining a room (GET /api/coupons/:id/room/challenge). Puzzle i
 * (0 ≤ i < puzzles) asks for a nonce such that SHA-256(`${challenge}:${i}:${nonce}`, UTF-8) starts with
 * `difficultyBits` zero bits. Switched off, `required` is false and the rest is empty.
 */
export const roomChallengeView = z.discriminatedUnion("required", [
  z.object({
    required: z.literal(true),
    /** Opaque and signed by the server: for this shopper and this sale, once, until `expiresAt`. */
    challenge: z.string(),
    puzzles: z.number().int().min(1),
    difficultyBits: z.number().int().min(0).max(32),
    expiresAt: isoTime,
  }),
  z.object({
    required: z.literal(false),
    challenge: z.null(),
    puzzles: z.literal(0),
    difficultyBits: z.literal(0),
    expiresAt: z.null(),
  }),
]);
export type RoomChallengeView = z.infer<typeof roomChallengeView>;
/** The same, under the name the shop's page uses for it. */
export type ProofOfWorkChallenge = RoomChallengeView;

/** The longest challenge and nonce accepted: far above what the server issues and the solver sends. */
export const ROOM_CHALLENGE_MAX_LENGTH = 512;
export const ROOM_NONCE_MAX_LENGTH = 64;
export const ROOM_PUZZLES_MAX = 256;

/**
 * POST /api/coupons/:id/room's body: the challenge and `solutions[i]`, the nonce of puzzle i. Optional when the
 * proof of work is switched off (and ignored then).
 */
export const joinRoomBody = z.strictObject({
  challenge: z.string().min(1).max(ROOM_CHALLENGE_MAX_LENGTH),
  solutions: z.array(z.string().min(1).max(ROOM_NONCE_MAX_LENGTH)).max(ROOM_PUZZLES_MAX),
});
export type JoinRoomBody = z.infer<typeof joinRoomBody>;
