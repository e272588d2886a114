/**
 * Which live results this browser has already told, shared by its tabs through localStorage: the same result
 * reaches every open tab, and only one of them should toast it. A hidden tab does not toast (nobody would see
 * it); it keeps the result and tells it when it is shown, unless a visible tab told it first.
 */
const prefix = "flash-sale:told:";
const keepMs = 24 * 60 * 60_000;

/** True once per order in this browser: the caller tells it. Without storage (private modes), every tab tells. */
export function claimTelling(orderId: string, now = Date.now()): boolean {
  try {
    const key = prefix + orderId;
    if (localStorage.getItem(key) !== null) return false;
    localStorage.setItem(key, String(now));
    forgetOldClaims(now);
    return true;
  } catch {
    return true;
  }
}

function forgetOldClaims(now: number): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (!key?.startsWith(prefix)) continue;
    const at = Number(localStorage.getItem(key));
    if (!Number.isFinite(at) || now - at > keepMs) localStorage.removeItem(key);
  }
}
