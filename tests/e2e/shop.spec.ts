import { expect, test } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { testPassword, uniqueEmail } from "@/tests/e2e/support/keycloak-admin";
import { fillKeycloakRegistration, keycloakOrigin } from "@/tests/e2e/support/keycloak-pages";
import {
  buyAs,
  createCoupon,
  creditCents,
  logInFreshShopper,
  meFromApi,
  ordersFor,
  saveScreenshot,
} from "@/tests/e2e/support/ui";

const NEW_SHOPPER_CREDIT = 10_000;

test("when a new shopper registers and buys an open sale, then it is theirs, the credit drops, it is under My coupons, and neither a second click nor a second tab buys again", async ({
  page,
  context,
}) => {
  const coupon = await createCoupon({ label: "E2E buy", price: 1234, totalStock: 5 });
  const email = uniqueEmail("e2e-shop");

  await page.goto("/");
  await page.getByTestId("register-button").click();
  await fillKeycloakRegistration(page, { email, password: testPassword, firstName: "Sam", lastName: "Shopper" });
  await page.waitForURL((url) => !url.href.startsWith(keycloakOrigin));
  await expect(page.getByTestId("user-email")).toHaveText(email);
  expect(await creditCents(page)).toBe(NEW_SHOPPER_CREDIT);
  await expect(page.getByTestId("coupon-card").first()).toBeVisible();
  await saveScreenshot(page, "catalogue");

  // A second tab, opened before the purchase, still shows "Buy now".
  const secondTab = await context.newPage();
  await secondTab.goto(`/coupons/${coupon.id}`);
  await expect(secondTab.getByTestId("buy-button")).toHaveAttribute("data-state", "ready");

  await page.goto(`/coupons/${coupon.id}`);
  const buy = page.getByTestId("buy-button");
  await expect(buy).toHaveText("Buy now");
  await saveScreenshot(page, "coupon-ready");

  // Hold the purchase answer briefly so the pending state can be seen and photographed.
  await page.route(`**/api/coupons/${coupon.id}/purchase`, async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.fulfill({ response });
  });
  await buy.click();
  await expect(buy).toHaveAttribute("data-state", "pending");
  await expect(buy).toBeDisabled();
  await saveScreenshot(page, "coupon-pending");

  await expect(buy).toHaveText("It's yours", { timeout: 30_000 });
  await expect(page.getByTestId("buy-state")).toContainText("It's yours");
  await expect(page.getByTestId("toast").filter({ hasText: "It's yours" })).toBeVisible();
  await expect.poll(() => creditCents(page)).toBe(NEW_SHOPPER_CREDIT - coupon.price);
  await saveScreenshot(page, "coupon-paid");

  // Second click: the button stays disabled, so nothing is sent.
  await expect(buy).toBeDisabled();
  await buy.click({ force: true });

  // Second tab: the server refuses, and the page says why.
  await secondTab.getByTestId("buy-button").click();
  await expect(secondTab.getByTestId("buy-button")).toHaveText("You already have this coupon");
  await saveScreenshot(secondTab, "coupon-owned");

  const orders = await ordersFor(page, coupon.id);
  expect(orders.filter((o) => o.status === "PAID")).toHaveLength(1);
  expect(orders.filter((o) => o.status === "PENDING")).toHaveLength(0);
  expect((await meFromApi(page)).credit).toBe(NEW_SHOPPER_CREDIT - coupon.price);

  await page.getByTestId("nav-my-coupons").click();
  const owned = page.getByTestId("owned-coupons").locator(`[data-coupon-id="${coupon.id}"]`);
  await expect(owned).toHaveAttribute("data-status", "PAID");
  await expect(owned).toContainText(coupon.name);
  await expect(owned).toContainText("$12.34");
  await saveScreenshot(page, "my-coupons");
});

test("when a sale is upcoming, then the page counts down on the server clock and opens by itself; a visitor is asked to log in", async ({
  page,
}) => {
  const coupon = await createCoupon({ label: "E2E soon", opensInMs: 8_000 });

  await page.goto(`/coupons/${coupon.id}`);
  const buy = page.getByTestId("buy-button");
  await expect(buy).toHaveAttribute("data-state", "countdown");
  await expect(buy).toHaveText(/^Opens in \d+ s$/);
  await expect(buy).toBeDisabled();
  // The button carries the countdown; the page does not say it a second time.
  await expect(page.getByTestId("countdown")).toHaveCount(0);
  await saveScreenshot(page, "coupon-countdown");

  await expect(buy).toHaveText("Log in to buy", { timeout: 20_000 });
  await expect(buy).toBeEnabled();
  await expect(page.getByText("Log in to buy")).toHaveCount(1);
  await saveScreenshot(page, "coupon-login");
});

test("when the last coupon is gone, then the shopper sees Sold out and is not charged", async ({ page }) => {
  const coupon = await createCoupon({ label: "E2E last one", price: 100, totalStock: 1 });
  expect((await buyAs(demoUsers.admin.email, demoUsers.admin.password, coupon.id)).status).toBe(202);
  await logInFreshShopper(page);
  const before = await creditCents(page);

  await page.goto(`/coupons/${coupon.id}`);
  const buy = page.getByTestId("buy-button");
  // Listings may lag the live stock by a cache period; either the page knows already, or the purchase says so.
  await expect(buy).toHaveAttribute("data-state", /^(ready|sold-out)$/);
  if ((await buy.getAttribute("data-state")) === "ready") await buy.click();
  await expect(buy).toHaveText("Sold out");
  await expect(buy).toBeDisabled();
  await saveScreenshot(page, "coupon-sold-out");
  expect((await meFromApi(page)).credit).toBe(before);
});
