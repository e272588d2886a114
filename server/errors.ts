import { errorStatus, type ErrorCode } from "@/contract/errors";

/**
 * The one error type of the product. Feature code throws `AppError(code)`; every door (route handler, native
 * route, socket) turns it into `{ error: CODE, message }` (server/http/error-response.ts) with the status the API
 * contract gives its code (contract/errors.ts): one map, which the OpenAPI document publishes as it is answered.
 * No transport lives here, so features, infra and workers can throw it without depending on a door.
 */
export { errorStatus, type ErrorCode };

const defaultMessages: Record<ErrorCode, string> = {
  BAD_REQUEST: "The request is not valid.",
  UNAUTHENTICATED: "Log in to continue.",
  FORBIDDEN: "You are not allowed to do this.",
  SALE_NOT_STARTED: "The sale has not started yet.",
  SALE_ENDED: "The sale has ended.",
  SALE_PAUSED: "The sale is paused.",
  NOT_ADMITTED: "Wait for your turn in the waiting room.",
  PROOF_INVALID: "The proof of work does not hold; ask for a new challenge.",
  NOT_FOUND: "Not found.",
  PAYLOAD_TOO_LARGE: "The upload is too large.",
  UNSUPPORTED_MEDIA_TYPE: "This file type is not supported.",
  ALREADY_PURCHASED: "You already have this coupon.",
  SOLD_OUT: "Sold out.",
  CONFLICT: "The request conflicts with the current state.",
  RATE_LIMITED: "Too many requests; slow down.",
  INTERNAL: "Something went wrong on our side.",
  TRY_AGAIN_LATER: "Busy right now; try again in a moment.",
};

export interface AppErrorOptions {
  message?: string;
  /** Seconds a client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** Extra machine-readable fields for the body, e.g. validation issues. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

const appErrorBrand = Symbol.for("flash-sale.AppError");

/**
 * True for any AppError, even one created by another copy of this module: Next bundles route handlers into
 * module graphs of their own, where `instanceof` against this file's class can be false.
 */
export function isAppError(error: unknown): error is AppError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[appErrorBrand] === true;
}

export class AppError extends Error {
  override name = "AppError";
  readonly [appErrorBrand] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    // A refusal (sold out, already purchased, bad input…) is an answer, not a fault: no stack is captured for it.
    // On the purchase path a stack per SOLD_OUT was a measurable share of the request (bench/README.md).
    const stackTraceLimit = Error.stackTraceLimit;
    if (errorStatus[code] < 500) Error.stackTraceLimit = 0;
    super(options.message ?? defaultMessages[code], { cause: options.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.code = code;
    this.status = errorStatus[code];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }
}
