/**
 * Events between the Socket.IO server and browsers. Types only, so client components may import this file.
 *
 * Namespaces: "/" needs a valid Keycloak access token in `auth.token` and carries the shopper's own payment
 * results; "/public" is open to anonymous visitors and carries live stock only.
 */
export interface PaymentUpdateMessage {
  orderId: string;
  couponId: number;
  /** Absent in results published before names were added to the message. */
  couponName?: string | null;
  status: "PAID" | "FAILED";
  failureReason?: string;
  /** Credit after settlement, in cents. */
  credit: number;
  /**
   * True when re-sent from the replay list on connect: the shopper was most likely told already (another tab,
   * an earlier visit), so the client only fills in state with it and does not announce it again.
   */
  replayed?: boolean;
}

export interface StockUpdateMessage {
  couponId: number;
  stock: number;
}

export interface UserServerEvents {
  payment_update: (message: PaymentUpdateMessage) => void;
}

export interface PublicServerEvents {
  stock_update: (message: StockUpdateMessage) => void;
}

export interface PublicClientEvents {
  /** Replaces the set of coupons this socket watches. */
  watch: (request: { couponIds: number[] }) => void;
}
