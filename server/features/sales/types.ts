/** The live sale view's data (types only: the admin console imports this). */
export interface SaleStats {
  couponId: number;
  /** Purchase answers (ACCEPTED, SOLD_OUT, ALREADY_PURCHASED, TRY_AGAIN_LATER, …) and settlement results (PAID, FAILED_<reason>). */
  outcomes: Record<string, number>;
  sold: number;
  remaining: number;
  /** Orders of this coupon accepted but not settled yet. */
  pendingSettlement: number;
  /** Order events of every coupon the payment workers have not committed yet; null when Kafka did not answer. */
  kafkaLag: number | null;
  /** "OK" when every sale invariant holds, else which one drifts and by how much. */
  audit: string;
  serverTime: string;
}
