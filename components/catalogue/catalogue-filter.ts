import type { Coupon } from "@/components/api-types";
import { liveStatus } from "@/components/ui/coupon-status";

/** Cards per catalogue page, for the server's first render and the browser's fetches alike. */
export const CATALOGUE_PAGE_SIZE = 12;

/** An open sale closing within this window is "ending soon". */
export const ENDING_SOON_MS = 60 * 60_000;

export const catalogueFilters = [
  { key: "all", label: "All" },
  { key: "on-sale", label: "On sale" },
  { key: "ending-soon", label: "Ending soon" },
  { key: "upcoming", label: "Upcoming" },
] as const;

export type CatalogueFilter = (typeof catalogueFilters)[number]["key"];

type Listed = Pick<Coupon, "status" | "stock" | "saleStart" | "saleEnd">;

/** Whether the coupon belongs under `filter` as of the server clock `now` (with live stock). */
export function matchesFilter(coupon: Listed, filter: CatalogueFilter, now: number): boolean {
  const status = liveStatus(coupon, now);
  switch (filter) {
    case "all":
      return true;
    case "on-sale":
      return status === "ON_SALE";
    case "ending-soon":
      return status === "ON_SALE" && Date.parse(coupon.saleEnd) - now <= ENDING_SOON_MS;
    case "upcoming":
      return status === "UPCOMING";
  }
}

// What a shopper can act on comes first; what can no longer be bought comes last.
const rank = { ON_SALE: 0, UPCOMING: 1, PAUSED: 2, SOLD_OUT: 3, ENDED: 4 } as const;

/** The coupons under `filter`, open sales closing soonest first, then the next to open; sold out and ended last. */
export function arrangeCatalogue<T extends Listed>(items: readonly T[], filter: CatalogueFilter, now: number): T[] {
  const key = (c: T) => {
    const status = liveStatus(c, now);
    const when = status === "ON_SALE" ? Date.parse(c.saleEnd) : status === "UPCOMING" ? Date.parse(c.saleStart) : 0;
    return [rank[status], when] as const;
  };
  return items
    .filter((c) => matchesFilter(c, filter, now))
    .map((c, index) => ({ c, index, key: key(c) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.index - b.index)
    .map(({ c }) => c);
}
