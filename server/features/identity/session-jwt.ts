import { decode, type JWT } from "next-auth/jwt";
import { env } from "@/server/env";
import { parseCookieHeader, readSessionToken } from "@/server/features/identity/session-cookie";

/** A Keycloak token set as the refresh grant returns it. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  idToken?: string;
  /** Access-token expiry, epoch seconds. */
  expiresAt: number;
}

/** Decrypts the session cookie's JWT; `undefined` when there is none or it does not decrypt with our secret. */
export async function readSessionJwt(cookieHeader: string | undefined | null): Promise<JWT | undefined> {
  const sessionToken = readSessionToken(parseCookieHeader(cookieHeader ?? undefined));
  if (!sessionToken) return undefined;
  return decodeSessionToken(sessionToken);
}

export async function decodeSessionToken(sessionToken: string): Promise<JWT | undefined> {
  try {
    return (await decode({ token: sessionToken, secret: env.NEXTAUTH_SECRET })) ?? undefined;
  } catch {
    return undefined;
  }
}
