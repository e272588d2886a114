/** What a shopper's browser receives when its order settles. */
export interface PaymentUpdate {
  orderId: string;
  userId: string;
  couponId: number;
  /** What the shopper sees in the toast; null when the coupon row is gone. */
  couponName: string | null;
  status: "PAID" | "FAILED";
  failureReason?: string;
  /** The shopper's credit after settlement, in cents. */
  credit: number;
}

export interface PaymentDelivery {
  /** Instance holding the user's socket, or null when the user has none (the replay list still gets it). */
  serverId: string | null;
  update: PaymentUpdate;
}

/**
 * Where final settlement results go. Settlement decides what the shopper is told; how it reaches a browser
 * (a channel per instance, a replay list for reconnecting sockets) is the realtime layer's, which implements
 * this, and the process that runs settlement wires it in. A rejection means the results were not handed over.
 */
export interface SettlementResults {
  publish(deliveries: PaymentDelivery[]): Promise<void>;
}
