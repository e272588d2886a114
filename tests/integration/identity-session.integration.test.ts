import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { Account, Session } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { env } from "@/server/env";
import { authOptions } from "@/server/features/identity/auth-options";
import { buildFederatedLogoutUrl } from "@/server/features/identity/federated-logout";
import { callKeycloakTokenEndpoint } from "@/server/features/identity/refresh-session-tokens";
import { loadSessionSecrets, saveSessionSecrets } from "@/server/features/identity/session-secrets";
import { verifyAccessToken } from "@/server/features/identity/verify-access-token";
import { closeConnections } from "@/server/infra/close-connections";
import { webClientLogin } from "@/tests/e2e/support/web-client-login";
import { demoUsers } from "@/tests/support/keycloak-tokens";

const callbacks = authOptions.callbacks!;

type JwtParams = Parameters<NonNullable<typeof callbacks.jwt>>[0];
type SessionParams = Parameters<NonNullable<typeof callbacks.session>>[0];

function runJwt(token: JWT, account: Account | null = null): Promise<JWT> {
  return Promise.resolve(
    callbacks.jwt!({ token, account, user: undefined, profile: undefined } as unknown as JwtParams),
  );
}

async function signedInToken(email: string, password: string): Promise<JWT> {
  const tokens = await webClientLogin(email, password);
  const account = {
    provider: "keycloak",
    type: "oauth",
    providerAccountId: (
      JSON.parse(Buffer.from(tokens.access_token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }
    ).sub,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    id_token: tokens.id_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
  } as Account;
  return runJwt({ name: "Bob Shopper", email, picture: "http://img", sub: account.providerAccountId }, account);
}

after(async () => {
  await closeConnections();
});

describe("next-auth session with Keycloak tokens", () => {
  it("when a user signs in with the web client, then the cookie JWT keeps only what is needed and the API accepts its token", async () => {
    const token = await signedInToken(demoUsers.bob.email, demoUsers.bob.password);
    assert.deepEqual(Object.keys(token).sort(), ["accessToken", "email", "expiresAt", "sessionHandle", "sub"]);
    const user = await verifyAccessToken(token.accessToken!);
    assert.equal(user.id, demoUsers.bob.id);
    const secrets = await loadSessionSecrets(token.sessionHandle!);
    assert.ok(secrets?.refreshToken && secrets.idToken, "refresh and id token are kept server-side");

    const cookie = await encode({ token, secret: env.NEXTAUTH_SECRET });
    // One chunk, with room for the other Set-Cookie headers of the callback inside NGINX's 4 KB header buffer.
    assert.ok(cookie.length < 3000, `session cookie is ${cookie.length} bytes`);
  });

  it("when the session callback runs, then it exposes the access token, user id and roles", async () => {
    const token = await signedInToken(demoUsers.admin.email, demoUsers.admin.password);
    const session = (await callbacks.session!({
      session: {
        user: { email: demoUsers.admin.email },
        expires: new Date(Date.now() + 3600_000).toISOString(),
      } as Session,
      token,
    } as unknown as SessionParams)) as Session;
    assert.equal(session.accessToken, token.accessToken);
    assert.equal(session.user.id, demoUsers.admin.id);
    assert.deepEqual([...session.user.roles].sort(), ["admin", "user"]);
    assert.equal(session.error, undefined);
  });

  it("when the access token is about to expire and 10 requests refresh together, then they all get one new valid token", async () => {
    const token = await signedInToken(demoUsers.bob.email, demoUsers.bob.password);
    const expiring = { ...token, expiresAt: Math.floor(Date.now() / 1000) + 10 };

    const refreshed = await Promise.all(Array.from({ length: 10 }, () => runJwt(expiring)));

    assert.equal(new Set(refreshed.map((t) => t.accessToken)).size, 1);
    const fresh = refreshed[0]!;
    assert.notEqual(fresh.accessToken, token.accessToken);
    assert.equal(fresh.error, undefined);
    assert.ok(fresh.expiresAt! > Math.floor(Date.now() / 1000) + 120);
    assert.equal((await verifyAccessToken(fresh.accessToken!)).id, demoUsers.bob.id);
  });

  it("when the token is far from expiry, then the callback returns it unchanged without refreshing", async () => {
    const token = await signedInToken(demoUsers.carol.email, demoUsers.carol.password);
    assert.equal(await runJwt(token), token);
  });

  it("when Keycloak refuses the refresh token, then the session carries RefreshFailed", async () => {
    const sessionHandle = `test-${Date.now()}-${Math.random()}`;
    await saveSessionSecrets(sessionHandle, { refreshToken: "not-a-real-refresh-token" }, 60);
    const next = await runJwt({ sub: "x", accessToken: "a", sessionHandle, expiresAt: 0 });
    assert.equal(next.error, "RefreshFailed");
    const lost = await runJwt({ sub: "x", accessToken: "a", sessionHandle: "no-such-handle", expiresAt: 0 });
    assert.equal(lost.error, "RefreshFailed");
  });

  it("when the user logs out through the federated URL, then Keycloak ends the session and returns home", async () => {
    const token = await signedInToken(demoUsers.carol.email, demoUsers.carol.password);
    const cookie = await encode({ token, secret: env.NEXTAUTH_SECRET });
    const { refreshToken } = (await loadSessionSecrets(token.sessionHandle!))!;
    const url = await buildFederatedLogoutUrl(`next-auth.session-token=${cookie}`);
    assert.equal(await loadSessionSecrets(token.sessionHandle!), undefined, "logout forgets the server-side tokens");

    const response = await fetch(url, { redirect: "manual" });

    assert.equal(response.status, 302);
    assert.equal(response.headers.get("location"), `${env.PUBLIC_URL}/`);
    // The SSO session is gone: its refresh token no longer works.
    await assert.rejects(callKeycloakTokenEndpoint(refreshToken));
  });

  it("when there is no session, then federated logout just goes home", async () => {
    assert.equal(await buildFederatedLogoutUrl(undefined), `${env.PUBLIC_URL}/`);
  });
});
