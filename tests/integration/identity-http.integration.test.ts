import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { creditLedger, users } from "@/drizzle/schema";
import { env } from "@/server/env";
import { saveSessionSecrets } from "@/server/features/identity/session-secrets";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { demoUsers, passwordGrant, passwordGrantFor, testClient } from "@/tests/support/keycloak-tokens";

/** Through NGINX and the three app instances, as a browser or the benchmark would call. Needs the stack on :8080. */
const baseUrl = process.env.E2E_BASE_URL ?? "http://localhost:8080";

async function getMe(headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/me`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let aliceToken: string;

before(async () => {
  aliceToken = await passwordGrant(demoUsers.alice.email, demoUsers.alice.password);
});

after(async () => {
  await closeConnections();
});

describe("GET /api/me through NGINX", () => {
  it("when a new user's 50 first requests arrive together on all instances, then each sees the starting credit and one row and one GRANT exist", async () => {
    const created = await createKeycloakUser();
    const token = await passwordGrant(created.email, created.password);

    const responses = await Promise.all(Array.from({ length: 50 }, () => getMe({ authorization: `Bearer ${token}` })));

    for (const response of responses) {
      assert.equal(response.status, 200);
      assert.deepEqual(response.body, {
        id: created.id,
        email: created.email,
        credit: env.STARTING_CREDIT_CENTS,
        roles: ["user"],
      });
    }
    assert.equal((await db.select().from(users).where(eq(users.id, created.id))).length, 1);
    const grants = await db
      .select()
      .from(creditLedger)
      .where(and(eq(creditLedger.userId, created.id), eq(creditLedger.kind, "GRANT")));
    assert.equal(grants.length, 1);
  });

  it("when the browser's next-auth session cookie is sent instead of a Bearer token, then the user is recognised", async () => {
    const sessionToken = await encode({
      token: { sub: demoUsers.alice.id, accessToken: aliceToken },
      secret: env.NEXTAUTH_SECRET,
    });
    const response = await getMe({ cookie: `next-auth.session-token=${sessionToken}` });
    assert.equal(response.status, 200);
    assert.equal(response.body.id, demoUsers.alice.id);
  });

  it("when no token is sent, then 401 UNAUTHENTICATED with no detail", async () => {
    const response = await getMe();
    assert.equal(response.status, 401);
    assert.deepEqual(Object.keys(response.body).sort(), ["error", "message"]);
    assert.equal(response.body.error, "UNAUTHENTICATED");
  });

  it("when x-middleware-subrequest is sent without a token (CVE-2025-29927), then it still gets 401", async () => {
    for (const value of [
      "middleware",
      "middleware:middleware:middleware:middleware:middleware",
      "src/middleware",
      "proxy",
    ]) {
      const response = await getMe({ "x-middleware-subrequest": value });
      assert.equal(response.status, 401, value);
      assert.equal(response.body.error, "UNAUTHENTICATED");
    }
  });

  it("when the token is broken, then 401 gives the same body as no token (no hint which check failed)", async () => {
    const tampered = `${aliceToken.slice(0, -4)}AAAA`;
    const response = await getMe({ authorization: `Bearer ${tampered}` });
    assert.equal(response.status, 401);
    assert.deepEqual(response.body, (await getMe()).body);
  });

  it("when a token is minted for another client, then 401", async () => {
    const other = await passwordGrantFor({ id: "admin-cli" }, demoUsers.alice.email, demoUsers.alice.password);
    assert.equal((await getMe({ authorization: `Bearer ${other.access_token}` })).status, 401);
  });

  it("when the session carries an id token, then federated logout points at Keycloak's end-session endpoint with it", async () => {
    const tokens = await passwordGrantFor(testClient, demoUsers.alice.email, demoUsers.alice.password);
    const sessionHandle = `http-test-${Date.now()}-${Math.random()}`;
    await saveSessionSecrets(sessionHandle, { refreshToken: tokens.refresh_token, idToken: tokens.id_token }, 60);
    const sessionToken = await encode({
      token: { sub: demoUsers.alice.id, accessToken: tokens.access_token, sessionHandle },
      secret: env.NEXTAUTH_SECRET,
    });
    const response = await fetch(`${baseUrl}/api/auth/federated-logout`, {
      headers: { cookie: `next-auth.session-token=${sessionToken}` },
    });
    assert.equal(response.status, 200);
    const url = new URL(((await response.json()) as { url: string }).url);
    assert.equal(`${url.origin}${url.pathname}`, `${env.KEYCLOAK_ISSUER}/protocol/openid-connect/logout`);
    assert.equal(url.searchParams.get("id_token_hint"), tokens.id_token);
    assert.equal(url.searchParams.get("post_logout_redirect_uri"), `${env.PUBLIC_URL}/`);
  });
});
