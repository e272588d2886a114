"use client";

import { signIn, signOut, useSession } from "next-auth/react";
import { useState } from "react";
import Button from "react-bootstrap/Button";

/** "Register" opens Keycloak's registration page (OIDC `prompt=create`, Keycloak ≥ 24) and returns logged in. */
export function register(): Promise<unknown> {
  return signIn("keycloak", undefined, { prompt: "create" });
}

export function logIn(): Promise<unknown> {
  return signIn("keycloak");
}

/**
 * Ends both sessions: first fetch Keycloak's end-session URL (it needs the id token from our cookie), then clear
 * our cookie, then let Keycloak close its SSO session and send the browser back home.
 */
export async function logOut(): Promise<void> {
  let url = "/";
  try {
    const response = await fetch("/api/auth/federated-logout", { cache: "no-store" });
    if (response.ok) url = ((await response.json()) as { url: string }).url;
  } finally {
    await signOut({ redirect: false });
    window.location.assign(url);
  }
}

/** Log in / Register when anonymous (or when the refresh token was refused), Log out when signed in. */
export default function AuthButtons() {
  const { data: session, status } = useSession();
  const [busy, setBusy] = useState(false);
  if (status === "loading") return null;

  const signedIn = status === "authenticated" && session?.error !== "RefreshFailed";
  const run = (action: () => Promise<unknown>) => () => {
    setBusy(true);
    action().catch(() => setBusy(false));
  };

  if (signedIn) {
    return (
      <Button variant="outline-light" size="sm" disabled={busy} onClick={run(logOut)} data-testid="logout-button">
        Log out
      </Button>
    );
  }
  return (
    <div className="d-flex gap-2">
      <Button variant="light" size="sm" disabled={busy} onClick={run(logIn)} data-testid="login-button">
        Log in
      </Button>
      <Button variant="outline-light" size="sm" disabled={busy} onClick={run(register)} data-testid="register-button">
        Register
      </Button>
    </div>
  );
}
