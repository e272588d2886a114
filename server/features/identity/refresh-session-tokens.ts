import { createHash, randomUUID } from "node:crypto";
import type { RedisClient } from "@/server/infra/redis-client";
import { env } from "@/server/env";
import type { SessionTokens } from "@/server/features/identity/session-jwt";
import { keycloakInternalBaseUrl } from "@/server/features/identity/verify-access-token";
import { acquireLease, releaseLease } from "@/server/infra/lock";
import { redis as sharedRedis } from "@/server/infra/redis";

export class RefreshFailedError extends Error {
  override name = "RefreshFailedError";
}

export type TokenEndpointCall = (refreshToken: string) => Promise<SessionTokens>;

export interface RefresherOptions {
  redis: RedisClient;
  callTokenEndpoint: TokenEndpointCall;
  /** How long one instance may hold the refresh of a session. */
  lockMs?: number;
  /** How long the refreshed set stays available to the other instances that raced on the same refresh token. */
  resultTtlSeconds?: number;
  /** How long a caller waits for another instance's refresh before giving up. */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Refreshes a session's tokens at most once per refresh token across all instances. Keycloak refresh tokens are
 * single-use when rotation is on, and a burst of requests (several tabs, several instances behind NGINX) would
 * otherwise replay the same one: the losers would get `invalid_grant` and log the user out. The winner holds a
 * short Redis lock keyed by the token's hash and parks the new token set under that hash for a minute; the
 * others wait for it and reuse it.
 */
export function createTokenRefresher(options: RefresherOptions) {
  const lockMs = options.lockMs ?? 10_000;
  const resultTtlSeconds = options.resultTtlSeconds ?? 60;
  const waitMs = options.waitMs ?? 8_000;
  const pollMs = options.pollMs ?? 100;
  const { redis } = options;

  return async function refresh(refreshToken: string): Promise<SessionTokens> {
    const hash = createHash("sha256").update(refreshToken).digest("base64url");
    const resultKey = `auth:refresh:${hash}:result`;
    const lockKey = `auth:refresh:${hash}:lock`;
    const deadline = Date.now() + waitMs;

    for (;;) {
      const parked = await readParked(redis, resultKey);
      if (parked) return parked;

      const owner = randomUUID();
      if (await acquireLease(redis, lockKey, owner, lockMs)) {
        try {
          // Another instance may have finished between our read and our lock.
          const late = await readParked(redis, resultKey);
          if (late) return late;
          let fresh: SessionTokens;
          try {
            fresh = await options.callTokenEndpoint(refreshToken);
          } catch (error) {
            await redis.set(resultKey, JSON.stringify({ failed: true }), "EX", resultTtlSeconds);
            throw error instanceof RefreshFailedError
              ? error
              : new RefreshFailedError("refresh failed", { cause: error });
          }
          await redis.set(resultKey, JSON.stringify(fresh), "EX", resultTtlSeconds);
          return fresh;
        } finally {
          await releaseLease(redis, lockKey, owner);
        }
      }

      if (Date.now() >= deadline) throw new RefreshFailedError("timed out waiting for a concurrent refresh");
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
}

async function readParked(redis: RedisClient, key: string): Promise<SessionTokens | undefined> {
  const raw = await redis.get(key);
  if (!raw) return undefined;
  const parked = JSON.parse(raw) as SessionTokens | { failed: true };
  if ("failed" in parked) throw new RefreshFailedError("a concurrent refresh of this session failed");
  return parked;
}

/** Keycloak's token endpoint, refresh_token grant, for the web client. */
export const callKeycloakTokenEndpoint: TokenEndpointCall = async (refreshToken) => {
  const response = await fetch(`${keycloakInternalBaseUrl()}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: env.KEYCLOAK_CLIENT_ID,
      client_secret: env.KEYCLOAK_CLIENT_SECRET,
      refresh_token: refreshToken,
    }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new RefreshFailedError(`token endpoint answered ${response.status}`);
  const body = (await response.json()) as {
    access_token?: string;
    refresh_token?: string;
    id_token?: string;
    expires_in?: number;
  };
  if (!body.access_token || typeof body.expires_in !== "number")
    throw new RefreshFailedError("token endpoint answered without a token");
  return {
    accessToken: body.access_token,
    // Without rotation Keycloak may omit a new refresh token; the old one stays valid then.
    refreshToken: body.refresh_token ?? refreshToken,
    idToken: body.id_token,
    expiresAt: Math.floor(Date.now() / 1000) + body.expires_in,
  };
};

/** The instance-wide refresher used by next-auth's jwt callback. */
export const refreshSessionTokens = createTokenRefresher({
  redis: sharedRedis,
  callTokenEndpoint: callKeycloakTokenEndpoint,
});
