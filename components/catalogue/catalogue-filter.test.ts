import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { arrangeCatalogue, matchesFilter } from "@/components/catalogue/catalogue-filter";

const now = Date.parse("2030-01-01T12:00:00Z");
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
const coupon = (
  id: number,
  startMin: number,
  endMin: number,
  extra: { stock?: number; status?: "UPCOMING" | "ON_SALE" | "ENDED" | "PAUSED" | "SOLD_OUT" } = {},
) => ({
  id,
  status: extra.status ?? (startMin > 0 ? "UPCOMING" : "ON_SALE"),
  stock: extra.stock ?? 5,
  saleStart: at(startMin),
  saleEnd: at(endMin),
});

const endingSoon = coupon(1, -30, 30);
const openLong = coupon(2, -30, 600);
const upcomingLater = coupon(3, 120, 600);
const upcomingSoon = coupon(4, 5, 600);
const soldOut = coupon(5, -30, 600, { stock: 0 });
const ended = coupon(6, -600, -1, { status: "ENDED" });
const all = [ended, soldOut, upcomingLater, openLong, upcomingSoon, endingSoon];
const ids = (list: { id: number }[]) => list.map((c) => c.id);

describe("catalogue filters", () => {
  it("when All is chosen, then open sales come first (closing soonest first), then upcoming (opening soonest first), sold out and ended last", () => {
    assert.deepEqual(ids(arrangeCatalogue(all, "all", now)), [1, 2, 4, 3, 5, 6]);
  });
  it("when On sale is chosen, then only open sales with stock show", () => {
    assert.deepEqual(ids(arrangeCatalogue(all, "on-sale", now)), [1, 2]);
  });
  it("when Ending soon is chosen, then only open sales closing within the hour show", () => {
    assert.deepEqual(ids(arrangeCatalogue(all, "ending-soon", now)), [1]);
    assert.equal(matchesFilter(coupon(7, -30, 60), "ending-soon", now), true);
    assert.equal(matchesFilter(coupon(8, -30, 61), "ending-soon", now), false);
  });
  it("when Upcoming is chosen, then only sales not yet open show, next to open first", () => {
    assert.deepEqual(ids(arrangeCatalogue(all, "upcoming", now)), [4, 3]);
  });
  it("when the server clock passes a start, then that coupon moves from Upcoming to On sale", () => {
    const later = now + 6 * 60_000;
    assert.deepEqual(ids(arrangeCatalogue(all, "upcoming", later)), [3]);
    // 2 and 4 close together: the API's order breaks the tie.
    assert.deepEqual(ids(arrangeCatalogue(all, "on-sale", later)), [1, 2, 4]);
  });
});
