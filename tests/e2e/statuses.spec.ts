import { expect, test } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { saveScreenshot } from "@/tests/e2e/support/ui";

test("when a visitor opens an unknown coupon, then the answer is HTTP 404 with the not-found page", async ({
  page,
}) => {
  const response = await page.goto("/coupons/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("This page does not exist");
  await saveScreenshot(page, "coupon-not-found");
});

test("when a signed-in shopper opens the admin console, then the answer is HTTP 403 and the page says so", async ({
  page,
}) => {
  await logInThroughKeycloak(page, demoUsers.alice.email, demoUsers.alice.password);
  await expect(page.getByTestId("user-email")).toHaveText(demoUsers.alice.email);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toContainText("You are not allowed here");
  await expect(page.getByTestId("admin-table")).toHaveCount(0);
  await saveScreenshot(page, "admin-403");
});

test("when an anonymous visitor opens the admin console, then they are asked to log in", async ({ page }) => {
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("admin-login-required")).toBeVisible();
});
