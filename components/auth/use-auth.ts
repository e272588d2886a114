"use client";

import { signIn, useSession } from "next-auth/react";

/** The fields the identity helper adds to next-auth's session (see the session callback). */
interface FlashSession {
  accessToken?: string;
  error?: string;
  user?: { email?: string | null; roles?: string[] };
}

export interface Auth {
  status: "loading" | "authenticated" | "unauthenticated";
  token: string | null;
  email: string | null;
  roles: string[];
  isAdmin: boolean;
  /** The refresh token was refused: the shopper must sign in again. */
  needsSignIn: boolean;
}

export function useAuth(): Auth {
  const { data, status } = useSession();
  const session = data as FlashSession | null;
  const refreshFailed = session?.error === "RefreshFailed";
  const token = status === "authenticated" && !refreshFailed ? (session?.accessToken ?? null) : null;
  const roles = session?.user?.roles ?? [];
  return {
    status: token ? "authenticated" : status === "loading" ? "loading" : "unauthenticated",
    token,
    email: session?.user?.email ?? null,
    roles,
    isAdmin: roles.includes("admin"),
    needsSignIn: refreshFailed,
  };
}

export function signInWithKeycloak(): void {
  // Ends by navigating to Keycloak, so a click handler has nothing to wait for.
  void signIn("keycloak");
}
