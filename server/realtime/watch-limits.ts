/** What one anonymous socket may ask of the stock broadcaster. A tab shows a page of 12 coupons and a detail. */
export const watchLimits = {
  /**
   * Coupon ids in one `watch` message. "watch" replaces the socket's whole set, so this is also the most a socket
   * ever watches at once, however many messages it sends.
   */
  maxIdsPerMessage: 20,
  /** `watch` messages per socket per window; the excess is refused with RATE_LIMITED. */
  maxMessagesPerWindow: 5,
  windowMs: 1000,
} as const;

/** A fixed-window counter per socket: cheap, and a page changing its list a few times a second stays well inside it. */
export function createMessageLimiter(
  max: number = watchLimits.maxMessagesPerWindow,
  windowMs: number = watchLimits.windowMs,
) {
  let windowStart = 0;
  let count = 0;
  return (now = Date.now()): boolean => {
    if (now - windowStart >= windowMs) {
      windowStart = now;
      count = 0;
    }
    count += 1;
    return count <= max;
  };
}
