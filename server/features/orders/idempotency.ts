/**
 * Idempotency-Key of a purchase (the browser sends one per click and reuses it for its automatic retries).
 * The same key from the same user for the same coupon answers with the order made under it; the record is
 * written by purchase.lua in the same atomic step as the reservation (see there), so concurrent duplicates of
 * one click get the one order and a refusal costs nothing extra. Refusals are not remembered: a repeated
 * SOLD_OUT or ALREADY_PURCHASED is computed again, and the buyers set already guarantees one order per user.
 * The header's shape is the contract's.
 */
export { idempotencyKey as idempotencyKeySchema } from "@/contract/orders";
