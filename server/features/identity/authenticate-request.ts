import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { LRUCache } from "lru-cache";
import { AppError } from "@/server/errors";
import { ensureUser } from "@/server/features/identity/ensure-user";
import { parseCookieHeader, readSessionToken } from "@/server/features/identity/session-cookie";
import { decodeSessionToken } from "@/server/features/identity/session-jwt";
import { isAdmin, type AuthUser } from "@/server/features/identity/types";
import { verifyAccessToken } from "@/server/features/identity/verify-access-token";
import { globalSingleton } from "@/server/infra/global-singleton";

export type RequestHeaders = Headers | IncomingHttpHeaders;

// Session cookie → the access token inside it. The cookie is immutable (a refresh writes a new one), so the
// decryption is done once per cookie; the access token is still verified (from the verifier's cache) every time.
const sessionAccessTokens = globalSingleton(
  "identity-session-access-tokens",
  () => new LRUCache<string, string>({ max: 20_000, ttl: 5 * 60_000 }),
);

/**
 * Who is calling: `Authorization: Bearer <access token>` or the next-auth session cookie, both ending in the same
 * access-token verification. Works with Web `Headers` (route handlers) and node:http headers (native routes).
 * With a cached token this touches neither the network nor MySQL.
 */
export async function authenticateRequest(headers: RequestHeaders): Promise<AuthUser> {
  const authorization = headerValue(headers, "authorization");
  if (authorization !== undefined) {
    const match = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization);
    // A present but malformed Authorization header is refused, not silently replaced by the cookie.
    if (!match?.[1]) throw new AppError("UNAUTHENTICATED");
    return verifyAccessToken(match[1]);
  }
  const sessionToken = readSessionToken(parseCookieHeader(headerValue(headers, "cookie")));
  if (!sessionToken) throw new AppError("UNAUTHENTICATED");
  return verifyAccessToken(await accessTokenFromSession(sessionToken));
}

/** Verifies, creates the users row on first sight, and optionally requires the admin role. */
export async function authenticate(headers: RequestHeaders, options: { admin?: boolean } = {}): Promise<AuthUser> {
  const user = await authenticateRequest(headers);
  if (options.admin) requireAdmin(user);
  await ensureUser(user);
  return user;
}

export function requireAdmin(user: AuthUser): void {
  if (!isAdmin(user)) throw new AppError("FORBIDDEN");
}

async function accessTokenFromSession(sessionToken: string): Promise<string> {
  const key = createHash("sha256").update(sessionToken).digest("base64url");
  const cached = sessionAccessTokens.get(key);
  if (cached) return cached;
  const accessToken = (await decodeSessionToken(sessionToken))?.accessToken;
  if (typeof accessToken !== "string" || accessToken.length === 0) throw new AppError("UNAUTHENTICATED");
  sessionAccessTokens.set(key, accessToken);
  return accessToken;
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as IncomingHttpHeaders)[name];
  return Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
}
