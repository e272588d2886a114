import { expect, test } from "@playwright/test";
import { createCoupon, saveScreenshot } from "@/tests/e2e/support/ui";

test("when a coupon has a list price, then the card and its page strike it through next to the sale price and say the saving", async ({
  page,
}) => {
  const deal = await createCoupon({ label: "E2E list price", price: 700, listPrice: 1000 });
  const plain = await createCoupon({ label: "E2E no list price", price: 700 });

  const card = (id: number) => page.locator(`[data-testid="coupon-card"][data-coupon-id="${id}"]`);
  await expect(async () => {
    await page.goto("/");
    await expect(card(deal.id)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(card(deal.id).getByTestId("coupon-price")).toHaveText("$7.00");
  await expect(card(deal.id).getByTestId("list-price")).toContainText("$10.00");
  await expect(card(deal.id).locator("del")).toHaveCount(1);
  await expect(card(deal.id).getByTestId("saving")).toHaveText("Save $3.00 (30%)");
  await expect(card(plain.id).getByTestId("list-price")).toHaveCount(0);
  await expect(card(plain.id).getByTestId("saving")).toHaveCount(0);

  await page.goto(`/coupons/${deal.id}`);
  await expect(page.getByTestId("coupon-detail").getByTestId("list-price")).toContainText("Usual price $10.00");
  await expect(page.getByTestId("coupon-detail").getByTestId("saving")).toHaveText("Save $3.00 (30%)");
  await saveScreenshot(page, "coupon-list-price");
});
