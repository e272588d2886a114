import type { WaitingRoomSettings } from "@/contract/admin";
import type { coupons } from "@/drizzle/schema";

/** The coupon columns that hold its waiting room's settings, as drizzle names them. */
export type WaitingRoomColumns = Pick<
  typeof coupons.$inferSelect,
  "waitingRoom" | "roomPrequeueMinutes" | "roomAdmitPerSecond" | "roomMarginPercent" | "roomProofOfWork"
>;

export function waitingRoomColumns(room: WaitingRoomSettings): WaitingRoomColumns {
  return {
    waitingRoom: room.enabled,
    roomPrequeueMinutes: room.prequeueMinutes,
    roomAdmitPerSecond: room.admitPerSecond,
    roomMarginPercent: room.marginPercent,
    roomProofOfWork: room.proofOfWork,
  };
}

export function waitingRoomOf(row: WaitingRoomColumns): WaitingRoomSettings {
  return {
    enabled: row.waitingRoom,
    prequeueMinutes: row.roomPrequeueMinutes,
    admitPerSecond: row.roomAdmitPerSecond,
    marginPercent: row.roomMarginPercent,
    proofOfWork: row.roomProofOfWork,
  };
}
