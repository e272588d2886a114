import type { SaleAction } from "@/components/api-types";
import type { RowActionName } from "@/components/admin/row-actions-model";

/** What a sale action did, said the way a shop manager would say it. */
export function saleActionToast(action: SaleAction, couponName: string): { title: string; body: string } {
  switch (action) {
    case "pause":
      return { title: "Sale paused", body: `Sale paused. Shoppers cannot buy ${couponName} until you resume it.` };
    case "resume":
      return { title: "Sale resumed", body: `Sale resumed. Shoppers can buy ${couponName} again.` };
    case "end":
      return { title: "Sale ended", body: `Sale ended. ${couponName} can no longer be bought.` };
    case "disable":
      return { title: "Coupon disabled", body: `Coupon disabled. ${couponName} has left the catalogue.` };
  }
}

/** The title of the toast when a sale action fails, e.g. "Could not pause the sale". */
export function saleActionFailedTitle(action: SaleAction): string {
  return action === "disable" ? "Could not disable the coupon" : `Could not ${action} the sale`;
}

/** A row button's text, and the verb its accessible name puts before the coupon's name. */
export const rowActionWords: Record<RowActionName, { text: string; ariaVerb: string }> = {
  pause: { text: "Pause", ariaVerb: "Pause the sale of" },
  resume: { text: "Resume", ariaVerb: "Resume the sale of" },
  end: { text: "End", ariaVerb: "End the sale of" },
  disable: { text: "Disable", ariaVerb: "Disable" },
  delete: { text: "Delete", ariaVerb: "Delete" },
};

export interface ConfirmationWords {
  title: string;
  body: string;
  confirmLabel: string;
  variant: string;
}

/** The question a row action asks first; none for pause and resume, which are undone with one click. */
export function rowActionConfirmation(action: RowActionName): ConfirmationWords | null {
  switch (action) {
    case "end":
      return {
        title: "End the sale now?",
        body: "Nobody can buy it after this. Orders already placed are kept.",
        confirmLabel: "End sale",
        variant: "danger",
      };
    case "disable":
      return {
        title: "Disable this coupon?",
        body: "It leaves the catalogue and cannot be bought.",
        confirmLabel: "Disable",
        variant: "warning",
      };
    case "delete":
      return {
        title: "Delete this coupon?",
        body: "This cannot be undone.",
        confirmLabel: "Delete",
        variant: "danger",
      };
    case "pause":
    case "resume":
      return null;
  }
}

/** Offered when a delete is refused because shoppers own some of the coupon. */
export function disableInsteadConfirmation(couponName: string): ConfirmationWords {
  return {
    title: "Coupons were already sold",
    body: `${couponName} cannot be deleted because shoppers own some. Disable it instead? It leaves the catalogue and cannot be bought.`,
    confirmLabel: "Disable",
    variant: "warning",
  };
}

export function couponDeletedToast(couponName: string): { title: string; body: string } {
  return { title: "Coupon deleted", body: `${couponName} was deleted.` };
}

export function couponSavedToast(couponName: string): { title: string; body: string } {
  return { title: "Coupon saved", body: `${couponName} was saved.` };
}

export const deleteFailedTitle = "Could not delete";

/** Shown when a failure carries no message of its own. */
export const requestFailedText = "Request failed.";
export const loadFailedText = "The coupons could not be loaded.";

/** The auditor answers "OK" or names the invariant that drifts; the manager needs "fine" or "look here". */
export function consistencyLabel(audit: string): { text: string; isOk: boolean } {
  return audit === "OK" ? { text: "All consistent", isOk: true } : { text: `Problem: ${audit}`, isOk: false };
}

const outcomeWords: Record<string, string> = {
  ACCEPTED: "orders taken",
  PAID: "paid",
  SOLD_OUT: "turned away: sold out",
  ALREADY_PURCHASED: "turned away: already bought one",
  TRY_AGAIN_LATER: "turned away: shop busy",
  SALE_PAUSED: "turned away: sale paused",
  NOT_ADMITTED: "turned away: not their turn yet",
  SALE_NOT_STARTED: "turned away: sale not open yet",
  SALE_ENDED: "turned away: sale ended",
  SALE_CLOSED: "turned away: sale closed",
  ALREADY_OWNED: "turned away: already bought one",
  REPLAYED: "repeated clicks (counted once)",
  INTERNAL: "errors on our side",
  INSUFFICIENT_CREDIT: "turned away: not enough credit",
};

/** A purchase or payment outcome code in plain words; unknown codes are still shown, lower-cased. */
export function outcomeLabel(code: string): string {
  const known = outcomeWords[code];
  if (known) return known;
  const words = code.toLowerCase().replaceAll("_", " ");
  return code.startsWith("FAILED_") ? `payment failed: ${words.slice("failed ".length)}` : words;
}
