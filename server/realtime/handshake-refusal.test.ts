import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@/server/errors";
import { handshakeError, handshakeRefusal } from "@/server/realtime/handshake-refusal";

describe("handshakeRefusal", () => {
  it("when the token is refused (or missing), then UNAUTHENTICATED, with no retry hint", () => {
    assert.deepEqual(handshakeRefusal(new AppError("UNAUTHENTICATED")), { message: "UNAUTHENTICATED" });
    assert.deepEqual(handshakeRefusal(new Error("missing token")), { message: "UNAUTHENTICATED" });
  });

  it("when Keycloak's key set is unavailable, then TRY_AGAIN_LATER with its Retry-After, not a logout", () => {
    assert.deepEqual(handshakeRefusal(new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 5 })), {
      message: "TRY_AGAIN_LATER",
      retryAfterSeconds: 5,
    });
  });

  it("when Redis fails under the handshake, then TRY_AGAIN_LATER", () => {
    assert.equal(handshakeRefusal(new Error("Connection is closed.")).message, "TRY_AGAIN_LATER");
  });

  it("when turned into the error Socket.IO sends, then the client reads the code and the seconds", () => {
    const refused = handshakeError(new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 5 }));
    assert.deepEqual([refused.message, refused.data], ["TRY_AGAIN_LATER", { retryAfterSeconds: 5 }]);
    assert.equal(handshakeError(new AppError("UNAUTHENTICATED")).data, undefined);
  });
});
