import { formatMoney } from "@/components/format";

export interface Saving {
  /** Cents off the list price. */
  amount: number;
  /** Whole percent off, rounded down so the shop never claims more than the real saving. */
  percent: number;
}

/** What the shopper saves against the list price; null when there is no list price or it is not above the price. */
export function priceSaving(price: number, listPrice: number | null | undefined): Saving | null {
  if (listPrice === null || listPrice === undefined || listPrice <= price) return null;
  const amount = listPrice - price;
  return { amount, percent: Math.floor((amount * 100) / listPrice) };
}

/** "Save $3.00 (30%)"; a saving under one percent names only the amount, since "(0%)" reads as none. */
export function describeSaving(saving: Saving): string {
  const amount = `Save ${formatMoney(saving.amount)}`;
  return saving.percent > 0 ? `${amount} (${saving.percent}%)` : amount;
}
