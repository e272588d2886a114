import { expect, test, type Page } from "@playwright/test";
import { createCoupon, saveScreenshot } from "@/tests/e2e/support/ui";

const card = (page: Page, id: number) => page.locator(`[data-testid="coupon-card"][data-coupon-id="${id}"]`);

test("when the shopper switches between All, On sale, Ending soon and Upcoming, then each shows the right coupons, with ended ones last under All", async ({
  page,
}) => {
  const ended = await createCoupon({ label: "E2E filter ended", closesInMs: 3_000 });
  const upcoming = await createCoupon({
    label: "E2E filter upcoming",
    opensInMs: 2 * 60 * 60_000,
    closesInMs: 3 * 60 * 60_000,
  });
  const openLong = await createCoupon({ label: "E2E filter open", closesInMs: 3 * 60 * 60_000 });
  const endingSoon = await createCoupon({ label: "E2E filter ending", closesInMs: 30 * 60_000 });
  const mine = [ended, upcoming, openLong, endingSoon];

  // Newest coupons come first from the API, so all four are on page 1 (through the one-second micro-cache).
  await expect(async () => {
    await page.goto("/");
    for (const c of mine) await expect(card(page, c.id)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(card(page, ended.id)).toHaveAttribute("data-status", "ENDED");

  const filter = (key: string) => page.locator(`[data-testid="catalogue-filter"][data-filter="${key}"]`);
  await expect(filter("all")).toHaveAttribute("aria-pressed", "true");
  const order = await page
    .getByTestId("coupon-card")
    .evaluateAll((cards) => cards.map((c) => Number(c.getAttribute("data-coupon-id"))));
  const at = (id: number) => order.indexOf(id);
  expect(at(endingSoon.id)).toBeLessThan(at(openLong.id));
  expect(at(openLong.id)).toBeLessThan(at(upcoming.id));
  expect(at(upcoming.id)).toBeLessThan(at(ended.id));
  // An ended sale is not dressed as a live deal: greyed, and it says so.
  await expect(card(page, ended.id).getByTestId("stock")).toHaveAttribute("data-tone", "closed");
  await expect(card(page, ended.id).getByTestId("stock-summary")).toHaveText("Sale ended");
  await expect(card(page, upcoming.id).getByTestId("countdown")).toHaveText(/^Opens in (1 h 59 min|2 h)$/);
  await expect(card(page, endingSoon.id).getByTestId("countdown")).toHaveText(/^Ends in (29|30) min( \d+ s)?$/);
  await saveScreenshot(page, "catalogue-all");

  await filter("on-sale").click();
  await expect(filter("on-sale")).toHaveAttribute("aria-pressed", "true");
  await expect(card(page, openLong.id)).toBeVisible();
  await expect(card(page, endingSoon.id)).toBeVisible();
  await expect(card(page, upcoming.id)).toHaveCount(0);
  await expect(card(page, ended.id)).toHaveCount(0);
  await expect(page.locator('[data-testid="coupon-card"]:not([data-status="ON_SALE"])')).toHaveCount(0);

  await filter("ending-soon").click();
  await expect(card(page, endingSoon.id)).toBeVisible();
  await expect(card(page, openLong.id)).toHaveCount(0);
  await expect(card(page, upcoming.id)).toHaveCount(0);
  await saveScreenshot(page, "catalogue-ending-soon");

  await filter("upcoming").click();
  await expect(card(page, upcoming.id)).toBeVisible();
  await expect(card(page, openLong.id)).toHaveCount(0);
  await expect(card(page, endingSoon.id)).toHaveCount(0);
  await expect(card(page, ended.id)).toHaveCount(0);
  await expect(page.locator('[data-testid="coupon-card"]:not([data-status="UPCOMING"])')).toHaveCount(0);

  await filter("all").click();
  for (const c of mine) await expect(card(page, c.id)).toBeVisible();
});
