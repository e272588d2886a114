const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** The API speaks integer cents; people read dollars. */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

/** UTC ISO → the browser's local date and time. */
export function formatLocalDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "2026-12-02 13:05 UTC", built by hand: the same text from Node's and the browser's Intl data. */
export function formatUtcDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} UTC`;
}

/** Milliseconds → "3 d 4 h" / "2 h 15 min" / "6 min 49 s" / "48 s": the two largest units, a zero second unit left out. */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(totalSeconds / 86_400), "d"],
    [Math.floor((totalSeconds % 86_400) / 3600), "h"],
    [Math.floor((totalSeconds % 3600) / 60), "min"],
    [totalSeconds % 60, "s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return "0 s";
  const [major, minor] = [parts[first]!, parts[first + 1]];
  const text = `${major[0]} ${major[1]}`;
  return minor && minor[0] > 0 ? `${text} ${minor[0]} ${minor[1]}` : text;
}

/** How many cents the shopper lacks for `price`, or null when the credit is unknown or enough. */
export function creditShortfall(price: number, credit: number | null | undefined): number | null {
  if (credit === null || credit === undefined) return null;
  return credit < price ? price - credit : null;
}

/** The Buy button's words when the credit is known to be short. */
export function describeShortfall(shortCents: number): string {
  return `Not enough credit — ${formatMoney(shortCents)} short`;
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
