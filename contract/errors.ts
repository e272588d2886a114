import { z } from "zod";

/**
 * Every code an error body can carry. The server answers with these codes and the statuses below (server/errors.ts
 * takes both from here), so a new code cannot reach clients undocumented.
 */
export const errorCodes = [
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "SALE_NOT_STARTED",
  "SALE_ENDED",
  "SALE_PAUSED",
  "NOT_ADMITTED",
  "PROOF_INVALID",
  "NOT_FOUND",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "ALREADY_PURCHASED",
  "SOLD_OUT",
  "CONFLICT",
  "RATE_LIMITED",
  "INTERNAL",
  "TRY_AGAIN_LATER",
] as const;
export const errorCode = z.enum(errorCodes);

/** The HTTP status each code is answered with; the server's AppError uses this map. */
export const errorStatus = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SALE_NOT_STARTED: 403,
  SALE_ENDED: 403,
  SALE_PAUSED: 403,
  NOT_ADMITTED: 403,
  /**
   * Joining a waiting room without a proof of work that holds: expired, forged, another shopper's or sale's,
   * already used, or a wrong solution. The message says which; the cure is always a fresh challenge.
   */
  PROOF_INVALID: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ALREADY_PURCHASED: 409,
  SOLD_OUT: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  TRY_AGAIN_LATER: 503,
} as const satisfies Record<(typeof errorCodes)[number], number>;
export type ErrorCode = z.infer<typeof errorCode>;

/** One refused field of a 400: `path` is the field's dotted path ("" for the body as a whole). */
export const validationIssue = z.object({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof validationIssue>;

/** What every refusal answers, whatever the door: `{ error: CODE, message }`, plus details some codes add. */
export const errorBody = z.object({
  error: errorCode,
  message: z.string(),
  /** 400 BAD_REQUEST from input validation: which fields and why. */
  issues: z.array(validationIssue).optional(),
  /** 409 CONFLICT of a stock edit: how many are sold or being paid for. */
  sold: z.number().int().min(0).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
