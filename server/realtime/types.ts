/**
 * Events between the Socket.IO server and browsers. Types only, so client components may import this file.
 *
 * Namespaces: "/" needs a valid Keycloak access token in `auth.token` and carries the shopper's own payment
 * results; "/public" is open to anonymous visitors and carries live stock and waiting-room progress.
 */
import type { PaymentUpdate } from "@/server/features/payments/settlement-results";

/**
 * A settlement result as the browser receives it: the settlement's own `PaymentUpdate` without the routing field
 * (`userId`), plus `replayed` — true when re-sent from the replay list on connect: the shopper was most likely
 * told already (another tab, an earlier visit), so the client only fills in state with it and does not announce
 * it again. `couponName` is optional: results published before names were added to the message lack it.
 */
export type PaymentUpdateMessage = Omit<PaymentUpdate, "userId" | "couponName"> & {
  couponName?: string | null;
  replayed?: boolean;
};

export interface StockUpdateMessage {
  couponId: number;
  stock: number;
}

/**
 * A waiting room's progress, sent when it changes (at most four times a second). A shopper's position is their
 * ticket minus `served`; `waiting` tickets are not admitted yet; at `soldout` nobody more is admitted.
 */
export interface RoomUpdateMessage {
  couponId: number;
  state: "waiting" | "open" | "soldout";
  served: number;
  waiting: number;
  stock: number;
  ratePerSecond: number;
}

export interface UserServerEvents {
  payment_update: (message: PaymentUpdateMessage) => void;
}

export interface PublicServerEvents {
  stock_update: (message: StockUpdateMessage) => void;
  room_update: (message: RoomUpdateMessage) => void;
}

export interface PublicClientEvents {
  /** Replaces the set of coupons this socket watches. */
  watch: (request: { couponIds: number[] }) => void;
}
