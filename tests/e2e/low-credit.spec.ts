import { expect, test } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import {
  createCoupon,
  creditCents,
  logInFreshShopper,
  meFromApi,
  ordersFor,
  saveScreenshot,
} from "@/tests/e2e/support/ui";

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;

test("when carol's credit is below the price, then Buy is disabled and says how much is missing, and nothing is ordered", async ({
  page,
}) => {
  const coupon = await createCoupon({ label: "E2E carol too dear", price: 850, totalStock: 5 });
  await logInThroughKeycloak(page, demoUsers.carol.email, demoUsers.carol.password);
  await expect(page.getByTestId("user-email")).toHaveText(demoUsers.carol.email);
  const credit = await creditCents(page);
  expect(credit).toBeLessThan(coupon.price);

  await page.goto(`/coupons/${coupon.id}`);
  const buy = page.getByTestId("buy-button");
  await expect(buy).toHaveText(`Not enough credit — ${money(coupon.price - credit)} short`);
  await expect(buy).toHaveAttribute("data-state", "low-credit");
  await expect(buy).toBeDisabled();
  await expect(page.getByTestId("buy-state")).toHaveText(`Your credit is ${money(credit)}.`);
  await expect(page.getByTestId("buy-retry")).toHaveCount(0);
  await saveScreenshot(page, "coupon-low-credit");

  await buy.click({ force: true });
  expect(await ordersFor(page, coupon.id)).toHaveLength(0);
});

test("when the page thought the credit was enough and the payment fails for lack of it, then the button says what is missing, once, with no Try again", async ({
  page,
}) => {
  const coupon = await createCoupon({ label: "E2E too dear", price: 15_000, totalStock: 3 });
  await logInFreshShopper(page);
  const before = await creditCents(page);
  expect(before).toBeLessThan(coupon.price);

  // The credit was spent elsewhere since the page last asked: until the purchase is sent, /api/me reports the old,
  // higher credit (the header refetches it on its own, e.g. when the socket connects).
  let stale = true;
  await page.route("**/api/me", async (route) => {
    if (!stale) return route.fallback();
    const response = await route.fetch();
    const body = (await response.json()) as { credit: number };
    await route.fulfill({ response, json: { ...body, credit: coupon.price * 2 } });
  });
  await page.route(`**/api/coupons/${coupon.id}/purchase`, async (route) => {
    stale = false;
    await route.fallback();
  });
  await page.goto(`/coupons/${coupon.id}`);
  const buy = page.getByTestId("buy-button");
  await expect(buy).toHaveText("Buy now");
  await buy.click();

  await expect(buy).toHaveText(`Not enough credit — ${money(coupon.price - before)} short`, { timeout: 30_000 });
  await expect(buy).toBeDisabled();
  await expect(page.getByTestId("buy-state")).toHaveText("Your credit was not charged.");
  await expect(page.getByTestId("buy-retry")).toHaveCount(0);
  // The button is the one place the failure is told: no toast repeats it (given time to arrive).
  await page.waitForTimeout(1500);
  await expect(page.getByTestId("toast")).toHaveCount(0);
  await saveScreenshot(page, "coupon-failed");

  expect(await creditCents(page)).toBe(before);
  expect((await meFromApi(page)).credit).toBe(before);
  const orders = await ordersFor(page, coupon.id);
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ status: "FAILED", failureReason: "INSUFFICIENT_CREDIT" });

  await page.goto("/me/coupons");
  await expect(page.getByTestId("other-orders").locator(`[data-coupon-id="${coupon.id}"]`)).toContainText(
    "not enough credit",
  );
});
