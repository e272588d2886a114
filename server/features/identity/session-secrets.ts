import type { RedisClient } from "@/server/infra/redis-client";
import { redis as sharedRedis } from "@/server/infra/redis";

/**
 * The refresh and id tokens of a browser session live in Redis under a random handle, not in the cookie: with
 * all three Keycloak tokens the next-auth cookie grows past 4 KB and splits into chunks, and such response
 * headers overflow proxy buffers (NGINX answers 502). The cookie keeps only the access token the API verifies
 * on every request, and the handle. Losing Redis costs a silent re-login (Keycloak's SSO session still stands).
 */
export interface SessionSecrets {
  refreshToken: string;
  idToken?: string;
}

const key = (handle: string) => `auth:session:${handle}`;

export async function saveSessionSecrets(
  handle: string,
  secrets: SessionSecrets,
  ttlSeconds: number,
  redis: RedisClient = sharedRedis,
) {
  await redis.set(key(handle), JSON.stringify(secrets), "EX", ttlSeconds);
}

export async function loadSessionSecrets(
  handle: string,
  redis: RedisClient = sharedRedis,
): Promise<SessionSecrets | undefined> {
  const raw = await redis.get(key(handle));
  return raw ? (JSON.parse(raw) as SessionSecrets) : undefined;
}

export async function deleteSessionSecrets(handle: string, redis: RedisClient = sharedRedis): Promise<void> {
  await redis.del(key(handle));
}
