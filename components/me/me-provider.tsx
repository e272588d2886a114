"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Me, PaymentUpdateEvent } from "@/components/api-types";
import { apiFetch } from "@/components/api-client";
import { useAuth } from "@/components/auth/use-auth";
import { isToastWorthy, resultToast } from "@/components/me/result-toast";
import { claimTelling } from "@/components/me/told-results";
import { setSocketToken } from "@/components/realtime/socket";
import { usePaymentUpdates } from "@/components/realtime/use-realtime";
import { useToasts } from "@/components/ui/toasts";

interface MeState {
  me: Me | null;
  refresh: () => void;
}

const MeContext = createContext<MeState>({ me: null, refresh: () => {} });

export function useMe(): MeState {
  return useContext(MeContext);
}

/**
 * The signed-in shopper's profile and credit, kept fresh: a settlement result carries the new credit, and the
 * profile is fetched again to be sure. Also gives the shared socket the shopper's token.
 */
export function MeProvider({ children }: { children: ReactNode }) {
  const { token } = useAuth();
  const { notify } = useToasts();
  const [me, setMe] = useState<Me | null>(null);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    setSocketToken(token);
  }, [token]);

  // Signing out forgets the profile while rendering, so no frame shows the last shopper's credit.
  if (!token && me !== null) setMe(null);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    apiFetch<Me>("/api/me", { token, signal: controller.signal })
      .then(setMe)
      .catch(() => {
        // The header shows no credit rather than a wrong one; the next payment update or navigation tries again.
      });
    return () => controller.abort();
  }, [token, generation]);

  // Results that arrived while this tab was hidden, told when it is shown unless another tab told them already.
  const untold = useRef(new Map<string, PaymentUpdateEvent>());
  usePaymentUpdates((event: PaymentUpdateEvent) => {
    refresh();
    // A replayed result is re-sent on every connect, in every tab and browser: the shopper was told when it was
    // live (or by the page that bought it, which announces its own pending order), so it only refreshes state
    // here. Its credit may be older than the profile's, hence no credit from it either.
    if (event.replayed) return;
    setMe((current) => (current ? { ...current, credit: event.credit } : current));
    if (!isToastWorthy(event)) return;
    if (document.visibilityState === "hidden") untold.current.set(event.orderId, event);
    else if (claimTelling(event.orderId)) notify(resultToast(event, event.couponName));
  });

  useEffect(() => {
    const onShown = () => {
      if (document.visibilityState === "hidden") return;
      for (const event of untold.current.values()) {
        if (claimTelling(event.orderId)) notify(resultToast(event, event.couponName));
      }
      untold.current.clear();
    };
    document.addEventListener("visibilitychange", onShown);
    return () => document.removeEventListener("visibilitychange", onShown);
  }, [notify]);

  const value = useMemo(() => ({ me, refresh }), [me, refresh]);
  return <MeContext.Provider value={value}>{children}</MeContext.Provider>;
}
