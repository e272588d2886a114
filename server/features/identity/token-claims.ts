import type { JWTPayload } from "jose";
import type { AuthUser } from "@/server/features/identity/types";

/**
 * Pure claim helpers, shared by the API verifier and next-auth's session callback.
 * Keycloak puts realm roles in `realm_access.roles`; our clients also map them to a flat `roles` claim.
 */
export function extractRoles(payload: JWTPayload): string[] {
  const flat = (payload as { roles?: unknown }).roles;
  const nested = (payload as { realm_access?: { roles?: unknown } }).realm_access?.roles;
  const source = Array.isArray(flat) ? flat : Array.isArray(nested) ? nested : [];
  return source.filter((role): role is string => typeof role === "string");
}

/** The caller proven by a verified payload; `undefined` when the token names no subject or email. */
export function toAuthUser(payload: JWTPayload): AuthUser | undefined {
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 64) return undefined;
  const claims = payload as { email?: unknown; preferred_username?: unknown };
  const email =
    typeof claims.email === "string"
      ? claims.email
      : typeof claims.preferred_username === "string"
        ? claims.preferred_username
        : "";
  // Email is the username in our realm and unique in MySQL; a token without one cannot own a users row.
  if (email.length === 0) return undefined;
  return { id: payload.sub, email, roles: extractRoles(payload) };
}
