import "next-auth";
import "next-auth/jwt";

// The shapes our callbacks in auth-options.ts write; see session-jwt.ts for why the JWT stays small.
declare module "next-auth" {
  interface Session {
    accessToken?: string;
    /** "RefreshFailed": the Keycloak session is gone or the refresh token was refused; sign in again. */
    error?: "RefreshFailed";
    user: {
      id: string;
      email: string;
      roles: string[];
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    accessToken?: string;
    /** Access-token expiry, epoch seconds. */
    expiresAt?: number;
    /** Key of the refresh and id tokens in Redis (session-secrets.ts). */
    sessionHandle?: string;
    error?: "RefreshFailed";
  }
}
