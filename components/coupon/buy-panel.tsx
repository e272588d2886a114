"use client";

import Link from "next/link";
import Button from "react-bootstrap/Button";
import Spinner from "react-bootstrap/Spinner";
import type { CouponStatus } from "@/components/api-types";
import { signInWithKeycloak, type Auth } from "@/components/auth/use-auth";
import { creditShortfall, describeFailure, describeShortfall, formatCountdown, formatMoney } from "@/components/format";
import { soldOutView, type BuyView } from "@/components/coupon/buy-view";
import { roomView } from "@/components/coupon/room-view";
import type { Purchase, PurchaseState } from "@/components/coupon/use-purchase";
import type { WaitingRoom } from "@/components/waiting-room/use-waiting-room";
import { LinePosition } from "@/components/waiting-room/line-position";

/** The one Buy button: its label is the whole story of the purchase, from countdown to result. */
export function BuyPanel(props: {
  auth: Auth;
  purchase: Purchase;
  status: CouponStatus;
  saleStart: string;
  price: number;
  credit: number | null;
  now: number;
  room: WaitingRoom;
}) {
  const { auth, purchase, status, saleStart, price, credit, now, room } = props;
  const view = describe(auth, purchase.state, status, Date.parse(saleStart) - now, price, credit, room);
  const onClick = view.action === "login" ? signInWithKeycloak : view.action === "buy" ? purchase.buy : undefined;
  return (
    <div className="d-grid gap-2">
      <Button
        size="lg"
        variant={view.variant}
        disabled={!view.enabled}
        aria-disabled={!view.enabled}
        aria-busy={view.busy ?? false}
        onClick={onClick}
        data-testid="buy-button"
        data-state={view.state}
      >
        {view.busy && <Spinner as="span" animation="border" size="sm" className="me-2" aria-hidden="true" />}
        {view.label}
      </Button>
      <p className="mb-0 text-center" aria-live="polite" role="status" data-testid="buy-state" data-state={view.state}>
        {view.message}
        {(view.state === "paid" || view.state === "owned") && (
          <>
            {" "}
            <Link href="/me/coupons">See My coupons</Link>
          </>
        )}
      </p>
      {room.kind === "line" && room.phase.kind === "in-line" && view.state === "room-in-line" && (
        <LinePosition phase={room.phase} stock={room.stock} />
      )}
      {(view.state === "failed" || view.state === "error") && (
        <Button variant="link" onClick={purchase.reset} data-testid="buy-retry">
          Try again
        </Button>
      )}
    </div>
  );
}

function describe(
  auth: Auth,
  state: PurchaseState,
  status: CouponStatus,
  msUntilStart: number,
  price: number,
  credit: number | null,
  room: WaitingRoom,
): BuyView {
  const short = creditShortfall(price, credit);
  switch (state.kind) {
    case "submitting":
      return {
        state: "pending",
        label: state.busySeconds ? `Busy — retrying in ${state.busySeconds} s` : "Placing your order…",
        message: state.busySeconds
          ? "The shop is very busy; your order is retried automatically."
          : "Placing your order…",
        variant: "primary",
        enabled: false,
        busy: true,
      };
    case "pending":
      return {
        state: "pending",
        label: "Processing payment…",
        message: "Processing payment…",
        variant: "primary",
        enabled: false,
        busy: true,
      };
    case "paid":
      return { state: "paid", label: "It's yours", message: "It's yours!", variant: "success", enabled: false };
    case "owned":
      return {
        state: "owned",
        label: "You already have this coupon",
        message: "You already have this coupon.",
        variant: "success",
        enabled: false,
      };
    case "sold-out":
      return soldOutView;
    case "failed": {
      const notCharged = "Your credit was not charged.";
      if (state.reason === "INSUFFICIENT_CREDIT") {
        // Trying again cannot succeed until the credit grows; once it has, the normal Buy button comes back.
        if (short !== null) return lowCreditView(short, notCharged);
        if (credit === null)
          return {
            state: "low-credit",
            label: "Not enough credit",
            message: notCharged,
            variant: "outline-danger",
            enabled: false,
          };
        break;
      }
      return {
        state: "failed",
        label: describeFailure(state.reason),
        message: notCharged,
        variant: "danger",
        enabled: false,
      };
    }
    case "error":
      return {
        state: "error",
        label: "Buy now",
        message: state.message,
        variant: "primary",
        enabled: true,
        action: "buy",
      };
    case "login-required":
      return {
        state: "login",
        label: "Log in to buy",
        message: "",
        variant: "primary",
        enabled: true,
        action: "login",
      };
    case "closed":
      if (state.code === "SALE_ENDED") return closedView("ended", "Sale ended");
      if (state.code === "SALE_PAUSED") return closedView("paused", "Sale paused");
      break;
    case "idle":
    case "not-admitted":
      break;
  }
  if (status === "SOLD_OUT") return closedView("sold-out", "Sold out");
  if (status === "ENDED") return closedView("ended", "Sale ended");
  if (status === "PAUSED") return closedView("paused", "Sale paused");
  const inRoom = roomView(room, status, msUntilStart);
  if (inRoom && !(inRoom.action === "buy" && short !== null && credit !== null)) return inRoom;
  if (status === "UPCOMING") {
    const text = `Opens in ${formatCountdown(msUntilStart)}`;
    return {
      state: "countdown",
      label: text,
      message: "The sale has not started yet.",
      variant: "outline-primary",
      enabled: false,
    };
  }
  if (auth.status === "loading")
    return { state: "loading", label: "Buy now", message: "", variant: "primary", enabled: false };
  if (auth.status !== "authenticated") {
    // The button already says "Log in to buy"; the line below only adds what it does not.
    const message = auth.needsSignIn ? "Your session has expired." : "";
    return { state: "login", label: "Log in to buy", message, variant: "primary", enabled: true, action: "login" };
  }
  if (short !== null && credit !== null) return lowCreditView(short, `Your credit is ${formatMoney(credit)}.`);
  return {
    state: "ready",
    label: "Buy now",
    message: "On sale now.",
    variant: "primary",
    enabled: true,
    action: "buy",
  };
}

function lowCreditView(shortCents: number, message: string): BuyView {
  return {
    state: "low-credit",
    label: describeShortfall(shortCents),
    message,
    variant: "outline-danger",
    enabled: false,
  };
}

function closedView(state: string, label: string): BuyView {
  return { state, label, message: `${label}.`, variant: "secondary", enabled: false };
}
