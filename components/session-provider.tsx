"use client";

import type { Session } from "next-auth";
import { SessionProvider as NextAuthSessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

/**
 * Polls /api/auth/session every 45 s: the server refreshes the Keycloak access token once it is within 60 s of
 * expiry, so a poll always lands in that window and the token the API sees is never stale. Server components
 * cannot write the refreshed cookie; this route can.
 */
export const sessionRefetchIntervalSeconds = 45;

export default function SessionProvider({
  children,
  session,
}: {
  children: ReactNode;
  session: Session | null | undefined;
}) {
  return (
    <NextAuthSessionProvider session={session} refetchInterval={sessionRefetchIntervalSeconds} refetchOnWindowFocus>
      {children}
    </NextAuthSessionProvider>
  );
}
