import type { SaleRecord } from "@/server/features/inventory/sale-repository";
import type { RoomSettings } from "@/server/features/waiting-room/room-scripts";

/** The room's keys outlive the sale by this much, so a late look at its counters still finds them. */
export const ROOM_KEEP_AFTER_SALE_MS = 60 * 60 * 1000;

/**
 * The settings room-open.lua gets for a sale with its waiting room on: it opens with the sale, shoppers may
 * join `prequeueMinutes` before, and a coupon that names no rate takes the configured one.
 */
export function saleRoomSettings(
  sale: Pick<SaleRecord, "startMs" | "endMs" | "waitingRoom">,
  defaults: { admitPerSecond: number; admitTtlMs: number },
): RoomSettings {
  const room = sale.waitingRoom;
  return {
    opensAt: new Date(sale.startMs),
    prequeueFrom: new Date(sale.startMs - room.prequeueMinutes * 60_000),
    ratePerSecond: room.admitPerSecond ?? defaults.admitPerSecond,
    marginPercent: room.marginPercent,
    admitTtlMs: defaults.admitTtlMs,
    expiresAt: new Date(sale.endMs + ROOM_KEEP_AFTER_SALE_MS),
    proofOfWork: room.proofOfWork,
  };
}
