import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWTVerifyGetKey,
} from "jose";
import { encode } from "next-auth/jwt";
import { creditLedger, users } from "@/drizzle/schema";
import { env } from "@/server/env";
import { authenticate, authenticateRequest, requireAdmin } from "@/server/features/identity/authenticate-request";
import { ensureUser, forgetKnownUsers } from "@/server/features/identity/ensure-user";
import { insertUserWithGrant } from "@/server/features/identity/user-repository";
import { createTokenVerifier, verifyAccessToken } from "@/server/features/identity/verify-access-token";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { demoUsers, passwordGrant, passwordGrantFor } from "@/tests/support/keycloak-tokens";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";

const issuer = env.KEYCLOAK_ISSUER;
const audience = env.API_AUDIENCE;

function isUnauthenticated(error: unknown): boolean {
  // The same code and default message whatever failed: nothing hints at which check it was.
  return error instanceof AppError && error.code === "UNAUTHENTICATED" && error.message === "Log in to continue.";
}

function bearer(token: string): Headers {
  return new Headers({ authorization: `Bearer ${token}` });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

async function userRows(id: string) {
  return db.select().from(users).where(eq(users.id, id));
}

async function grantRows(id: string) {
  return db
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.userId, id), eq(creditLedger.kind, "GRANT")));
}

let aliceToken: string;
let adminToken: string;

before(async () => {
  [aliceToken, adminToken] = await Promise.all([
    passwordGrant(demoUsers.alice.email, demoUsers.alice.password),
    passwordGrant(demoUsers.admin.email, demoUsers.admin.password),
  ]);
});

after(async () => {
  await closeConnections();
});

describe("verifying real Keycloak access tokens", () => {
  it("when a real token from the test client is sent as Bearer, then the user it names is returned", async () => {
    const user = await authenticateRequest(bearer(aliceToken));
    assert.equal(user.id, demoUsers.alice.id);
    assert.equal(user.email, demoUsers.alice.email);
    assert.ok(user.roles.includes("user"));
    assert.ok(!user.roles.includes("admin"));
  });

  it("when node:http headers carry the token, then the same user is returned", async () => {
    const user = await authenticateRequest({ authorization: `Bearer ${adminToken}`, host: "localhost" });
    assert.equal(user.id, demoUsers.admin.id);
    assert.ok(user.roles.includes("admin"));
  });

  it("when the next-auth session cookie holds the token (whole or chunked), then the user is returned", async () => {
    const sessionToken = await encode({
      token: { sub: demoUsers.alice.id, accessToken: aliceToken },
      secret: env.NEXTAUTH_SECRET,
    });
    const whole = await authenticateRequest({ cookie: `next-auth.session-token=${sessionToken}` });
    assert.equal(whole.id, demoUsers.alice.id);

    const middle = Math.floor(sessionToken.length / 2);
    const chunked = new Headers({
      cookie: `__Secure-next-auth.session-token.1=${sessionToken.slice(middle)}; __Secure-next-auth.session-token.0=${sessionToken.slice(0, middle)}`,
    });
    assert.equal((await authenticateRequest(chunked)).id, demoUsers.alice.id);
  });

  it("when the session cookie was encrypted with another secret, then it is refused", async () => {
    const forged = await encode({ token: { accessToken: aliceToken }, secret: "some-other-secret-of-enough-length" });
    await assert.rejects(authenticateRequest({ cookie: `next-auth.session-token=${forged}` }), isUnauthenticated);
  });

  it("when there is no token at all, then the request is refused", async () => {
    await assert.rejects(authenticateRequest(new Headers()), isUnauthenticated);
    await assert.rejects(authenticateRequest({}), isUnauthenticated);
    await assert.rejects(authenticateRequest(new Headers({ authorization: "Basic YWxpY2U6cHc=" })), isUnauthenticated);
    await assert.rejects(authenticateRequest(new Headers({ authorization: "Bearer " })), isUnauthenticated);
  });

  it("when a real token's payload is edited (e.g. to add admin), then the broken signature refuses it", async () => {
    const [header, payload, signature] = aliceToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const edited = `${header}.${base64url({ ...claims, roles: ["user", "admin"] })}.${signature}`;
    // The genuine token is in the verification cache first (keyed by its signature): the copy must not ride on it.
    assert.equal((await verifyAccessToken(aliceToken)).roles.includes("admin"), false);
    await assert.rejects(verifyAccessToken(edited), isUnauthenticated);
    assert.equal((await verifyAccessToken(aliceToken)).roles.includes("admin"), false);
  });

  it("when a token is minted for another client of the realm (admin-cli), then it is refused", async () => {
    const other = await passwordGrantFor({ id: "admin-cli" }, demoUsers.alice.email, demoUsers.alice.password);
    await assert.rejects(verifyAccessToken(other.access_token), isUnauthenticated);
  });

  it("when a token is signed by another key under the realm key's kid, then it is refused", async () => {
    const { kid } = decodeProtectedHeader(aliceToken);
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({
      typ: "Bearer",
      azp: "flashsale-test",
      email: "alice@example.com",
      roles: ["admin"],
    })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(issuer)
      .setAudience([audience, "account"])
      .setSubject(demoUsers.alice.id)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    await assert.rejects(verifyAccessToken(forged), isUnauthenticated);
  });

  it("when a token says alg none, then it is refused", async () => {
    const claims = JSON.parse(Buffer.from(aliceToken.split(".")[1] ?? "", "base64url").toString()) as object;
    await assert.rejects(
      verifyAccessToken(`${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`),
      isUnauthenticated,
    );
  });
});

describe("createTokenVerifier with a local key set", () => {
  const kid = "local-test-key";
  let privateKey: CryptoKey;
  let jwks: JWTVerifyGetKey;
  let keyLookups = 0;
  const clients = ["flashsale-web", "flashsale-test"];

  before(async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    privateKey = pair.privateKey;
    const localSet = createLocalJWKSet({
      keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: "RS256", use: "sig" }],
    });
    jwks = (header, token) => {
      keyLookups++;
      return localSet(header, token);
    };
  });

  function verifier(now?: () => number) {
    return createTokenVerifier({ jwks, issuer, audience, allowedClients: clients, now });
  }

  function token(
    overrides: { iss?: string; aud?: string[]; azp?: string; exp?: number; nbf?: number; typ?: string } = {},
  ) {
    const nowSeconds = Math.floor(Date.now() / 1000);
    return new SignJWT({
      typ: overrides.typ ?? "Bearer",
      azp: overrides.azp ?? "flashsale-web",
      email: "local@example.com",
      roles: ["user"],
    })
      .setProtectedHeader({ alg: "RS256", kid })
      .setIssuer(overrides.iss ?? issuer)
      .setAudience(overrides.aud ?? [audience, "account"])
      .setSubject(randomUUID())
      .setIssuedAt(nowSeconds - 10)
      .setNotBefore(overrides.nbf ?? nowSeconds - 10)
      .setExpirationTime(overrides.exp ?? nowSeconds + 300)
      .sign(privateKey);
  }

  it("when every claim is right, then the token is accepted", async () => {
    const user = await verifier()(await token());
    assert.equal(user.email, "local@example.com");
    assert.deepEqual(user.roles, ["user"]);
  });

  it("when the token has expired (beyond the clock tolerance), then it is refused", async () => {
    await assert.rejects(verifier()(await token({ exp: Math.floor(Date.now() / 1000) - 30 })), isUnauthenticated);
  });

  it("when the token is not valid yet, then it is refused", async () => {
    await assert.rejects(verifier()(await token({ nbf: Math.floor(Date.now() / 1000) + 120 })), isUnauthenticated);
  });

  it("when the issuer is another realm, then it is refused", async () => {
    await assert.rejects(verifier()(await token({ iss: "http://localhost:8180/realms/master" })), isUnauthenticated);
  });

  it("when the audience is another API, then it is refused", async () => {
    await assert.rejects(verifier()(await token({ aud: ["billing-api"] })), isUnauthenticated);
  });

  it("when the only audience is Keycloak's default account, then it is refused", async () => {
    await assert.rejects(verifier()(await token({ aud: ["account"] })), isUnauthenticated);
  });

  it("when the authorized party is a client we do not serve, then it is refused", async () => {
    await assert.rejects(verifier()(await token({ azp: "some-other-client" })), isUnauthenticated);
  });

  it("when the test client is not allowed (production), then its tokens are refused", async () => {
    const production = createTokenVerifier({ jwks, issuer, audience, allowedClients: ["flashsale-web"] });
    await assert.rejects(production(await token({ azp: "flashsale-test" })), isUnauthenticated);
  });

  it("when the token is an ID or refresh token (typ not Bearer), then it is refused", async () => {
    await assert.rejects(verifier()(await token({ typ: "ID" })), isUnauthenticated);
  });

  it("when a token is HMAC-signed with the public key as secret (alg confusion), then it is refused", async () => {
    const secret = new TextEncoder().encode(JSON.stringify(await exportJWK(privateKey)));
    const hs = await new SignJWT({ typ: "Bearer", azp: "flashsale-web", email: "x@example.com" })
      .setProtectedHeader({ alg: "HS256", kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject("x")
      .setExpirationTime("5m")
      .sign(secret);
    await assert.rejects(verifier()(hs), isUnauthenticated);
  });

  it("when the same token is verified again, then the cached answer skips the key lookup", async () => {
    const verify = verifier();
    const once = await token();
    await verify(once);
    const lookupsAfterFirst = keyLookups;
    await verify(once);
    await verify(once);
    assert.equal(keyLookups, lookupsAfterFirst);
  });

  it("when a cached token reaches its expiry, then the cache no longer accepts it", async () => {
    let clock = Date.now();
    const verify = verifier(() => clock);
    const shortLived = await token({ exp: Math.floor(clock / 1000) + 60 });
    await verify(shortLived);
    clock += 120_000;
    await assert.rejects(verify(shortLived), isUnauthenticated);
  });
});

describe("admin role", () => {
  it("when a shopper asks for an admin operation, then it is forbidden", async () => {
    await assert.rejects(authenticate(bearer(aliceToken), { admin: true }), (error: unknown) => {
      return error instanceof AppError && error.code === "FORBIDDEN";
    });
  });

  it("when the admin asks, then it passes", async () => {
    // requireAdmin on the verified user, not authenticate(): creating the demo admin's row here would race the
    // seed script, which gives the admin a larger starting credit.
    const user = await authenticateRequest(bearer(adminToken));
    assert.doesNotThrow(() => requireAdmin(user));
    assert.equal(user.id, demoUsers.admin.id);
  });
});

describe("first request creates the user", () => {
  it("when 50 first requests of a new Keycloak user arrive together, then one users row and one GRANT exist", async () => {
    const created = await createKeycloakUser();
    const user = await authenticateRequest(bearer(await passwordGrant(created.email, created.password)));
    assert.equal(user.id, created.id);
    forgetKnownUsers();

    await Promise.all(Array.from({ length: 50 }, () => ensureUser(user)));

    const rows = await userRows(created.id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.email, created.email);
    assert.equal(rows[0]?.credit, env.STARTING_CREDIT_CENTS);
    const grants = await grantRows(created.id);
    assert.equal(grants.length, 1);
    assert.equal(grants[0]?.amount, env.STARTING_CREDIT_CENTS);
  });

  it("when 50 instances race on the same new user in MySQL, then exactly one insert wins and grants", async () => {
    // Bypasses the in-process dedupe to model many instances: only MySQL keeps this exactly-once.
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => insertUserWithGrant({ id, email: `race-${id}@example.com`, credit: 10_000 })),
    );
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await userRows(id)).length, 1);
    assert.equal((await grantRows(id)).length, 1);
  });

  it("when a new subject arrives with an e-mail another user id owns, then it is refused and no balance is handed over", async () => {
    const email = `reused-${randomUUID()}@example.com`;
    const original = randomUUID();
    assert.equal(await insertUserWithGrant({ id: original, email, credit: 500 }), true);

    await assert.rejects(ensureUser({ id: randomUUID(), email, roles: ["user"] }), (error: unknown) => {
      return error instanceof AppError && error.code === "CONFLICT";
    });
    assert.equal((await userRows(original))[0]?.credit, 500);
  });

  it("when a known user authenticates again, then MySQL is not asked (the row is not recreated after deletion)", async () => {
    const created = await createKeycloakUser();
    const headers = bearer(await passwordGrant(created.email, created.password));
    await authenticate(headers);
    await db.delete(creditLedger).where(eq(creditLedger.userId, created.id));
    await db.delete(users).where(eq(users.id, created.id));

    await authenticate(headers);

    assert.equal((await userRows(created.id)).length, 0);
  });
});
