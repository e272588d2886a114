"use client";

import { useEffect, useRef } from "react";
import type { PaymentUpdateEvent, RoomUpdateEvent, StockUpdateEvent } from "@/components/api-types";
import { getPublicSocket, getUserSocket, watchCoupons } from "@/components/realtime/socket";

/** Calls onUpdate with the live stock of the given coupons. */
export function useStockUpdates(couponIds: number[], onUpdate: (event: StockUpdateEvent) => void): void {
  useCouponEvents("stock_update", couponIds, onUpdate);
}

/** Calls onUpdate with the progress of one sale's waiting room (sent when it changes, a few times a second). */
export function useRoomUpdates(couponId: number, onUpdate: (event: RoomUpdateEvent) => void): void {
  useCouponEvents("room_update", [couponId], onUpdate);
}

interface CouponEvents {
  stock_update: StockUpdateEvent;
  room_update: RoomUpdateEvent;
}

/** Watches the coupons on the public socket and hands on their `name` messages; one watch per set of ids. */
function useCouponEvents<Name extends keyof CouponEvents>(
  name: Name,
  couponIds: number[],
  onUpdate: (event: CouponEvents[Name]) => void,
): void {
  const handler = useRef(onUpdate);
  useEffect(() => {
    handler.current = onUpdate;
  });
  const key = [...couponIds].sort((a, b) => a - b).join(",");
  useEffect(() => {
    if (!key) return;
    const ids = key.split(",").map(Number);
    const wanted = new Set(ids);
    const socket = getPublicSocket();
    const listener = (event: CouponEvents[Name]) => {
      if (wanted.has(event.couponId)) handler.current(event);
    };
    // socket.io's typed listeners do not narrow over a generic event name; the map above ties name to payload.
    socket.on(name, listener as never);
    const unwatch = watchCoupons(ids);
    return () => {
      socket.off(name, listener as never);
      unwatch();
    };
  }, [name, key]);
}

/** Calls onUpdate for every settlement result of the signed-in shopper. */
export function usePaymentUpdates(onUpdate: (event: PaymentUpdateEvent) => void): void {
  const handler = useRef(onUpdate);
  useEffect(() => {
    handler.current = onUpdate;
  });
  useEffect(() => {
    const socket = getUserSocket();
    const listener = (event: PaymentUpdateEvent) => handler.current(event);
    socket.on("payment_update", listener);
    return () => {
      socket.off("payment_update", listener);
    };
  }, []);
}
