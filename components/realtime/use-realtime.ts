"use client";

import { useEffect, useRef } from "react";
import type { PaymentUpdateEvent, RoomUpdateEvent, StockUpdateEvent } from "@/components/api-types";
import { getPublicSocket, getUserSocket, watchCoupons } from "@/components/realtime/socket";

/** Calls onUpdate with the live stock of the given coupons. */
export function useStockUpdates(couponIds: number[], onUpdate: (event: StockUpdateEvent) => void): void {
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
    const listener = (event: StockUpdateEvent) => {
      if (wanted.has(event.couponId)) handler.current(event);
    };
    socket.on("stock_update", listener);
    const unwatch = watchCoupons(ids);
    return () => {
      socket.off("stock_update", listener);
      unwatch();
    };
  }, [key]);
}

/** Calls onUpdate with the progress of one sale's waiting room (sent when it changes, a few times a second). */
export function useRoomUpdates(couponId: number, onUpdate: (event: RoomUpdateEvent) => void): void {
  const handler = useRef(onUpdate);
  useEffect(() => {
    handler.current = onUpdate;
  });
  useEffect(() => {
    const socket = getPublicSocket();
    const listener = (event: RoomUpdateEvent) => {
      if (event.couponId === couponId) handler.current(event);
    };
    socket.on("room_update", listener);
    const unwatch = watchCoupons([couponId]);
    return () => {
      socket.off("room_update", listener);
      unwatch();
    };
  }, [couponId]);
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
