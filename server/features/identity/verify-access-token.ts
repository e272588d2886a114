import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { toAuthUser } from "@/server/features/identity/token-claims";
import type { AuthUser } from "@/server/features/identity/types";

export interface TokenVerifierOptions {
  /** Key set to check signatures against (remote JWKS in production, a local one in tests). */
  jwks: JWTVerifyGetKey;
  issuer: string;
  /** Must be one of the token's `aud` values; Keycloak's default `account` alone never qualifies. */
  audience: string;
  /** Clients (`azp`) whose tokens the API accepts. */
  allowedClients: readonly string[];
  clockToleranceSeconds?: number;
  /** Verified tokens remembered, so the hot path does no signature check. */
  cacheSize?: number;
  now?: () => number;
}

export type TokenVerifier = (token: string) => Promise<AuthUser>;

interface CachedUser {
  /** The whole token: a hit must be this exact token, not merely one that carries the same signature. */
  token: string;
  user: AuthUser;
  expiresAtMs: number;
}

// Keycloak tokens are ~1.5 KB; anything far larger is not one of ours and is refused before any parsing.
const maxTokenLength = 8 * 1024;

/**
 * Builds a verifier: signature (RS256 only, so `alg: none` and HS256 confusion are impossible), issuer, audience,
 * authorized party, `exp`/`nbf` with a small tolerance, and `typ: Bearer` (refuses ID and refresh tokens).
 * Every failure is the same UNAUTHENTICATED, so a caller learns nothing about which check failed; only a key set
 * that cannot be fetched is TRY_AGAIN_LATER (503).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const now = options.now ?? Date.now;
  const allowedClients = new Set(options.allowedClients);
  const cache = new LRUCache<string, CachedUser>({ max: options.cacheSize ?? 20_000 });

  return async function verify(token: string): Promise<AuthUser> {
    if (!token || token.length > maxTokenLength) throw unauthenticated();
    // Keyed by the signature segment, compared on the whole token: the signature is already a digest of the
    // token, so hashing the whole token again per request buys nothing (its cost is in bench/README.md, "Hot path").
    const key = token.slice(token.lastIndexOf(".") + 1);
    const cached = cache.get(key);
    if (cached?.token === token) {
      if (now() < cached.expiresAtMs) return cached.user;
      cache.delete(key);
    }

    let user: AuthUser | undefined;
    let expiresAtMs = 0;
    try {
      const { payload } = await jwtVerify(token, options.jwks, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ["RS256"],
        clockTolerance,
        requiredClaims: ["exp", "sub", "azp"],
        currentDate: new Date(now()),
      });
      if ((payload as { typ?: unknown }).typ !== "Bearer") throw unauthenticated();
      if (typeof payload.azp !== "string" || !allowedClients.has(payload.azp)) throw unauthenticated();
      user = toAuthUser(payload);
      expiresAtMs = (payload.exp ?? 0) * 1000;
    } catch (error) {
      if (isKeySetUnavailable(error)) throw keySetUnavailable(error);
      throw unauthenticated(error);
    }
    if (!user) throw unauthenticated();
    // Cached only until the token's own expiry: a cached answer must never outlive the token.
    cache.set(key, { token, user, expiresAtMs });
    return user;
  };
}

function unauthenticated(cause?: unknown) {
  return new AppError("UNAUTHENTICATED", { cause });
}

/**
 * The key set could not be fetched (Keycloak down, slow or answering garbage): the token may well be valid, so
 * this is our failure, not the shopper's. A 401 would send a logged-in shopper to the login page for nothing.
 */
function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // fetch() rejects with "TypeError: fetch failed" when the connection fails; jose says "Expected 200 OK" on any
  // other status. Other TypeErrors (a malformed claim) stay refusals.
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  return (
    error instanceof errors.JOSEError && error.code === "ERR_JOSE_GENERIC" && /^Expected 200 OK/.test(error.message)
  );
}

function keySetUnavailable(cause: unknown) {
  return new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 5, cause });
}

/**
 * How the remote key set is fetched. The keys are kept for good (`cacheMaxAge: Infinity`): with an expiring
 * cache, a Keycloak that is down or hung would turn every valid token into a refusal once the cache aged out,
 * while a rotated key still reaches us, as a token naming an unknown `kid` makes jose fetch again (at most once
 * per cooldown). The timeout keeps such a fetch inside the one second a request may wait.
 */
export const remoteKeySetOptions = {
  timeoutDuration: 800,
  cooldownDuration: 30_000,
  cacheMaxAge: Number.POSITIVE_INFINITY,
};

/** The clients whose tokens this deployment accepts; the test client only where ALLOW_TEST_CLIENT is on. */
export function allowedClientIds(): string[] {
  return env.ALLOW_TEST_CLIENT ? [env.KEYCLOAK_CLIENT_ID, env.KEYCLOAK_TEST_CLIENT_ID] : [env.KEYCLOAK_CLIENT_ID];
}

/** Realm base URL the server processes can reach (differs from the public issuer behind a proxy). */
export function keycloakInternalBaseUrl(): string {
  return (env.KEYCLOAK_INTERNAL_URL ?? env.KEYCLOAK_ISSUER).replace(/\/+$/, "");
}

// One per module graph (the custom server's and Next's bundle): each keeps its own JWKS and verification cache.
// Sharing it on globalThis is possible now that AppError is recognised across graphs (`isAppError`), but would
// save only one key fetch and cache per process.
let defaultVerifier: TokenVerifier | undefined;

function createDefaultVerifier(): TokenVerifier {
  return createTokenVerifier({
    // jose caches the key set and refetches it (rate-limited) when a token names an unknown `kid`.
    jwks: createRemoteJWKSet(
      new URL(`${keycloakInternalBaseUrl()}/protocol/openid-connect/certs`),
      remoteKeySetOptions,
    ),
    issuer: env.KEYCLOAK_ISSUER,
    audience: env.API_AUDIENCE,
    allowedClients: allowedClientIds(),
  });
}

/** Verifies a Keycloak access token for this API; the one check every door (routes, native routes, sockets) uses. */
export function verifyAccessToken(token: string): Promise<AuthUser> {
  defaultVerifier ??= createDefaultVerifier();
  return defaultVerifier(token);
}
