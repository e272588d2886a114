const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** The API speaks integer cents; people read dollars. */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

/** UTC ISO → the browser's local date and time. */
export function formatLocalDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Milliseconds → "2d 03:04:05" / "03:04:05" / "04:05". */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = hours > 0 || days > 0 ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

const failureTexts: Record<string, string> = {
  INSUFFICIENT_CREDIT: "not enough credit",
  SOLD_OUT: "sold out",
  ALREADY_PURCHASED: "you already have this coupon",
  TIMEOUT: "the payment timed out",
};

/** "Payment failed: not enough credit" — the reason in words a shopper understands. */
export function describeFailure(reason: string | null | undefined): string {
  const words = reason ? (failureTexts[reason] ?? reason.toLowerCase().replaceAll("_", " ")) : "unknown reason";
  return `Payment failed: ${words}`;
}
