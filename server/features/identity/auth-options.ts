import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import type { AuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import KeycloakModule from "next-auth/providers/keycloak";
import { env } from "@/server/env";
import { refreshSessionTokens } from "@/server/features/identity/refresh-session-tokens";
import { loadSessionSecrets, saveSessionSecrets } from "@/server/features/identity/session-secrets";
import { extractRoles } from "@/server/features/identity/token-claims";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("identity");

// A CommonJS module with `exports.default`: Next's bundler unwraps it, plain Node ESM (tests, tsx) does not.
const KeycloakProvider = (KeycloakModule as unknown as { default?: typeof KeycloakModule }).default ?? KeycloakModule;

/**
 * Refresh this long before the access token expires. The browser's SessionProvider polls every 45 s, so a poll
 * always lands inside this window and API calls never carry an expired token.
 */
export const refreshMarginSeconds = 60;

const sessionMaxAgeSeconds = 10 * 60 * 60;

/** next-auth v4 for the browser: Keycloak code flow with PKCE, JWT sessions holding the Keycloak tokens. */
export const authOptions: AuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  providers: [
    KeycloakProvider({
      clientId: env.KEYCLOAK_CLIENT_ID,
      clientSecret: env.KEYCLOAK_CLIENT_SECRET,
      issuer: env.KEYCLOAK_ISSUER,
      checks: ["pkce", "state"],
    }),
  ],
  // Never longer than Keycloak's SSO session (ssoSessionMaxLifespan = 10 h): past it the refresh token is dead.
  session: { strategy: "jwt", maxAge: sessionMaxAgeSeconds },
  callbacks: {
    async jwt({ token, account }) {
      if (account) {
        // Refresh and id token go to Redis (see session-secrets.ts); the cookie stays one small chunk.
        const sessionHandle = randomUUID();
        if (account.refresh_token) {
          await saveSessionSecrets(
            sessionHandle,
            { refreshToken: account.refresh_token, idToken: account.id_token },
            sessionMaxAgeSeconds,
          );
        }
        // A fresh object on purpose: next-auth's defaults (name, picture) would only grow the cookie.
        return {
          sub: account.providerAccountId,
          email: token.email,
          accessToken: account.access_token,
          expiresAt: account.expires_at,
          sessionHandle,
        } satisfies JWT;
      }
      return refreshIfDue(token);
    },
    session({ session, token }) {
      return {
        ...session,
        accessToken: token.accessToken,
        error: token.error,
        user: { id: token.sub ?? "", email: token.email ?? "", roles: rolesOf(token.accessToken) },
      };
    },
  },
};

async function refreshIfDue(token: JWT): Promise<JWT> {
  const expiresAt = token.expiresAt ?? 0;
  if (Date.now() < (expiresAt - refreshMarginSeconds) * 1000) return token;
  try {
    const secrets = token.sessionHandle ? await loadSessionSecrets(token.sessionHandle) : undefined;
    if (!secrets) return { ...token, error: "RefreshFailed" };
    const fresh = await refreshSessionTokens(secrets.refreshToken);
    // Instances racing here all got the same parked token set, so they all write the same secrets.
    await saveSessionSecrets(
      token.sessionHandle!,
      { refreshToken: fresh.refreshToken, idToken: fresh.idToken ?? secrets.idToken },
      sessionMaxAgeSeconds,
    );
    return { ...token, accessToken: fresh.accessToken, expiresAt: fresh.expiresAt, error: undefined };
  } catch (error) {
    log.warn({ err: error, userId: token.sub }, "access token refresh failed");
    return { ...token, error: "RefreshFailed" };
  }
}

// The access token came out of our own encrypted cookie, so reading its claims needs no signature check here;
// the API verifies it fully on every call anyway.
function rolesOf(accessToken: string | undefined): string[] {
  if (!accessToken) return [];
  try {
    return extractRoles(decodeJwt(accessToken)).filter((role) => role === "user" || role === "admin");
  } catch {
    return [];
  }
}
