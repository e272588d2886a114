"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  myOrderList,
  type MyOrders,
  type Order,
  type PaymentUpdateEvent,
  type PurchaseAccepted,
} from "@/components/api-types";
import { ApiError, apiFetch, isAbort, newIdempotencyKey, sleep } from "@/components/api-client";
import { useMe } from "@/components/me/me-provider";
import { resultToast, tellOnPanel } from "@/components/me/result-toast";
import { claimTelling } from "@/components/me/told-results";
import { usePaymentUpdates } from "@/components/realtime/use-realtime";
import { useToasts } from "@/components/ui/toasts";

export type PurchaseState =
  | { kind: "idle" }
  | { kind: "submitting"; busySeconds: number | null }
  | { kind: "pending"; orderId: string }
  | { kind: "paid"; orderId: string }
  | { kind: "owned" }
  | { kind: "sold-out" }
  | { kind: "failed"; reason: string | null }
  | { kind: "closed"; code: "SALE_NOT_STARTED" | "SALE_ENDED" | "SALE_PAUSED" }
  | { kind: "login-required" }
  /** A waiting-room sale refused the purchase: the shopper's turn has not come (or has passed). */
  | { kind: "not-admitted" }
  | { kind: "error"; message: string };

/** The socket usually answers in well under a second; after this the page asks the order API itself. */
const SOCKET_GRACE_MS = 3000;
const POLL_EVERY_MS = 2000;
/** Enough to ride out a short overload wave; each wait honours the server's Retry-After. */
const PURCHASE_BUSY_RETRIES = 10;

export interface Purchase {
  state: PurchaseState;
  buy: () => void;
  reset: () => void;
}

/**
 * One coupon's purchase: POST with an idempotency key made per click (reused by the automatic 503 retries, so a
 * retry cannot buy twice), then wait for the settlement by socket, falling back to polling the order.
 */
export function usePurchase(
  couponId: number,
  couponName: string,
  token: string | null,
  onSaleClosed: () => void,
): Purchase {
  const [state, setState] = useState<PurchaseState>({ kind: "idle" });
  const inFlight = useRef(false);
  const { notify } = useToasts();
  const { refresh: refreshMe } = useMe();

  const settle = useCallback(
    (order: { orderId: string; status: "PAID" | "FAILED"; failureReason?: string | null }) => {
      inFlight.current = false;
      if (order.status === "PAID") {
        setState({ kind: "paid", orderId: order.orderId });
      } else {
        const reason = order.failureReason ?? null;
        setState(
          reason === "SOLD_OUT"
            ? { kind: "sold-out" }
            : reason === "ALREADY_PURCHASED"
              ? { kind: "owned" }
              : { kind: "failed", reason },
        );
      }
      // A success is toasted even when it came by replay or polling (this page bought it and has not said so
      // yet, and the toast links nowhere else); a failure is told by the Buy panel alone.
      if (order.status === "PAID") notify(resultToast(order, couponName));
      refreshMe();
    },
    [couponName, notify, refreshMe],
  );

  // What this shopper already has: a paid order means "owned"; a pending one is followed to its end.
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    apiFetch<MyOrders>("/api/me/orders", { token, signal: controller.signal })
      .then((body) => {
        const mine = myOrderList(body).filter((o) => o.couponId === couponId);
        const paid = mine.find((o) => o.status === "PAID");
        const pending = mine.find((o) => o.status === "PENDING");
        setState((current) => {
          if (current.kind !== "idle") return current;
          if (paid) return { kind: "owned" };
          if (pending) {
            inFlight.current = true;
            return { kind: "pending", orderId: pending.orderId };
          }
          return current;
        });
      })
      .catch(() => {
        // Without the history the Buy button still works: the API answers ALREADY_PURCHASED if it must.
      });
    return () => controller.abort();
  }, [couponId, token]);

  const pendingOrderId = state.kind === "pending" ? state.orderId : null;

  // Kept until unmount, not until the result: the socket may hand the result to the header after this hook.
  const untellers = useRef<(() => void)[]>([]);
  useEffect(() => {
    if (!pendingOrderId) return;
    untellers.current.push(tellOnPanel(pendingOrderId));
    // This tab will tell the result (its panel, and the toast on success): the shopper's other tabs must not.
    claimTelling(pendingOrderId);
  }, [pendingOrderId]);
  useEffect(() => {
    const list = untellers.current;
    return () => list.forEach((untell) => untell());
  }, []);

  usePaymentUpdates((event: PaymentUpdateEvent) => {
    if (pendingOrderId && event.orderId === pendingOrderId) settle(event);
  });

  useEffect(() => {
    if (!pendingOrderId || !token) return;
    const controller = new AbortController();
    (async () => {
      await sleep(SOCKET_GRACE_MS, controller.signal);
      for (;;) {
        try {
          const order = await apiFetch<Order>(`/api/orders/${pendingOrderId}`, { token, signal: controller.signal });
          if (order.status !== "PENDING") return settle({ ...order, status: order.status });
        } catch (error) {
          if (isAbort(error)) return;
          // A failed poll is not a result; keep asking.
        }
        await sleep(POLL_EVERY_MS, controller.signal);
      }
    })().catch((error: unknown) => {
      if (!isAbort(error)) throw error;
    });
    return () => controller.abort();
  }, [pendingOrderId, token, settle]);

  const buy = useCallback(() => {
    if (inFlight.current) return;
    if (!token) {
      setState({ kind: "login-required" });
      return;
    }
    inFlight.current = true;
    setState({ kind: "submitting", busySeconds: null });
    const idempotencyKey = newIdempotencyKey();
    apiFetch<PurchaseAccepted>(`/api/coupons/${couponId}/purchase`, {
      method: "POST",
      token,
      headers: { "idempotency-key": idempotencyKey },
      busyRetries: PURCHASE_BUSY_RETRIES,
      onBusy: (seconds) => setState({ kind: "submitting", busySeconds: seconds }),
    })
      .then((accepted) => setState({ kind: "pending", orderId: accepted.orderId }))
      .catch((error: unknown) => {
        inFlight.current = false;
        setState(purchaseErrorState(error));
        // A refusal (already bought, sold out) may follow a result another tab saw; show the current credit.
        refreshMe();
        if (error instanceof ApiError && error.code.startsWith("SALE_")) onSaleClosed();
      });
  }, [couponId, token, onSaleClosed, refreshMe]);

  const reset = useCallback(() => {
    inFlight.current = false;
    setState({ kind: "idle" });
  }, []);

  return { state, buy, reset };
}

function purchaseErrorState(error: unknown): PurchaseState {
  if (!(error instanceof ApiError))
    return { kind: "error", message: "The network failed. Check your connection and try again." };
  switch (error.code) {
    case "ALREADY_PURCHASED":
      return { kind: "owned" };
    case "SOLD_OUT":
      return { kind: "sold-out" };
    case "SALE_NOT_STARTED":
    case "SALE_ENDED":
    case "SALE_PAUSED":
      return { kind: "closed", code: error.code };
    case "UNAUTHENTICATED":
      return { kind: "login-required" };
    case "NOT_ADMITTED":
      return { kind: "not-admitted" };
    case "TRY_AGAIN_LATER":
      return {
        kind: "error",
        message: "So many shoppers right now that we could not place your order. Please try again.",
      };
    case "RATE_LIMITED":
      return { kind: "error", message: "Too many attempts. Wait a moment and try again." };
    default:
      return { kind: "error", message: error.message || "Something went wrong. Please try again." };
  }
}
