"use client";

import type { Session } from "next-auth";
import type { ReactNode } from "react";
import SessionProvider from "@/components/session-provider";
import { MeProvider } from "@/components/me/me-provider";
import { ToastProvider } from "@/components/ui/toasts";

/** `session`: the server's reading of the session cookie; undefined when it has none to give. */
export function Providers({ children, session }: { children: ReactNode; session: Session | null | undefined }) {
  return (
    <SessionProvider session={session}>
      <ToastProvider>
        <MeProvider>{children}</MeProvider>
      </ToastProvider>
    </SessionProvider>
  );
}
