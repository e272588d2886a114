"use client";

import type { ReactNode } from "react";
import SessionProvider from "@/components/session-provider";
import { MeProvider } from "@/components/me/me-provider";
import { ToastProvider } from "@/components/ui/toasts";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <ToastProvider>
        <MeProvider>{children}</MeProvider>
      </ToastProvider>
    </SessionProvider>
  );
}
