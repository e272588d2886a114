import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCookieHeader, readSessionToken } from "@/server/features/identity/session-cookie";

describe("readSessionToken", () => {
  it("when the session fits one cookie, then that cookie is the token", () => {
    assert.equal(readSessionToken(parseCookieHeader("a=1; next-auth.session-token=abc.def; b=2")), "abc.def");
  });

  it("when the session is chunked, then the chunks are joined in index order whatever the header order", () => {
    const header =
      "next-auth.session-token.1=PART2; other=x; next-auth.session-token.0=PART1; next-auth.session-token.2=PART3";
    assert.equal(readSessionToken(parseCookieHeader(header)), "PART1PART2PART3");
  });

  it("when a chunk index is missing, then only the contiguous prefix counts (a broken token fails decryption later)", () => {
    assert.equal(readSessionToken(parseCookieHeader("next-auth.session-token.0=A; next-auth.session-token.2=C")), "A");
    assert.equal(readSessionToken(parseCookieHeader("next-auth.session-token.1=B")), undefined);
  });

  it("when served over HTTPS, then the __Secure- prefixed cookie (whole or chunked) is read", () => {
    assert.equal(readSessionToken(parseCookieHeader("__Secure-next-auth.session-token=S")), "S");
    assert.equal(
      readSessionToken(
        parseCookieHeader("__Secure-next-auth.session-token.0=S1; __Secure-next-auth.session-token.1=S2"),
      ),
      "S1S2",
    );
  });

  it("when there is no session cookie, then there is no token", () => {
    assert.equal(readSessionToken(parseCookieHeader(undefined)), undefined);
    assert.equal(readSessionToken(parseCookieHeader("next-auth.csrf-token=x; next-auth.callback-url=y")), undefined);
  });

  it("when values are URL-encoded, then they are decoded", () => {
    assert.equal(parseCookieHeader("a=x%3Dy").get("a"), "x=y");
  });
});
