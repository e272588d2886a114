import { isAppError } from "@/server/errors";
import { dependencyFailure } from "@/server/infra/dependency-error";

/**
 * What a refused socket handshake tells the client, as the HTTP API would: `UNAUTHENTICATED` when the token is
 * the problem (no hint which check failed), `TRY_AGAIN_LATER` when we are (Keycloak's key set or Redis
 * unavailable), with the seconds after which a retry can help. Socket.IO does not reconnect by itself after a
 * refusal, so the client needs to know which of the two it got: a valid token must not be given up on.
 */
export interface HandshakeRefusal {
  message: "UNAUTHENTICATED" | "TRY_AGAIN_LATER";
  retryAfterSeconds?: number;
}

export function handshakeRefusal(error: unknown): HandshakeRefusal {
  if (isAppError(error)) {
    return error.code === "TRY_AGAIN_LATER"
      ? { message: "TRY_AGAIN_LATER", retryAfterSeconds: error.retryAfterSeconds ?? 1 }
      : { message: "UNAUTHENTICATED" };
  }
  const failure = dependencyFailure(error);
  return failure
    ? { message: "TRY_AGAIN_LATER", retryAfterSeconds: failure.retryAfterSeconds }
    : { message: "UNAUTHENTICATED" };
}

/** The Error handed to Socket.IO's `next`: its message and `data` reach the client's `connect_error`. */
export function handshakeError(error: unknown): Error & { data?: { retryAfterSeconds: number } } {
  const refusal = handshakeRefusal(error);
  const refused: Error & { data?: { retryAfterSeconds: number } } = new Error(refusal.message);
  if (refusal.retryAfterSeconds !== undefined) refused.data = { retryAfterSeconds: refusal.retryAfterSeconds };
  return refused;
}
