import { expect, test, type Page } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { createCoupon, saveScreenshot } from "@/tests/e2e/support/ui";

const phone = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.page, "the page must not scroll sideways").toBeLessThanOrEqual(widths.viewport);
}

test("when the admin works from a phone, then every coupon action is in reach, toasts say what happened and nothing runs off-screen", async ({
  page,
}) => {
  const coupon = await createCoupon({ label: "E2E phone admin" });
  // Logged in at desktop size first: the login button sits in the header, which a phone collapses.
  await logInThroughKeycloak(page, demoUsers.admin.email, demoUsers.admin.password);
  await page.setViewportSize(phone);
  await page.goto("/admin");

  const card = page.locator(`[data-testid="admin-card"][data-coupon-id="${coupon.id}"]`);
  await expect(card).toBeVisible();
  await expect(page.getByTestId("admin-table")).toBeHidden();
  await expect(card).toHaveAttribute("data-sale-state", "ACTIVE");
  await expectNoSidewaysScroll(page);

  // Every action of an active sale is on the card and fully inside the screen's width.
  for (const action of ["edit", "live", "pause", "end", "disable", "delete"]) {
    const button = card.getByTestId(`admin-${action}`);
    await button.scrollIntoViewIfNeeded();
    await expect(button).toBeInViewport({ ratio: 1 });
  }
  await saveScreenshot(page, "admin-console-phone");

  await card.getByTestId("admin-pause").click();
  await expect(
    page
      .getByTestId("toast")
      .filter({ hasText: `Sale paused. Shoppers cannot buy ${coupon.name} until you resume it.` }),
  ).toBeVisible();
  await expect(card).toHaveAttribute("data-sale-state", "PAUSED");
  await expect(card.getByTestId("admin-row-state")).toHaveText("paused");
  await expect(card.getByTestId("admin-pause")).toHaveCount(0);

  await card.getByTestId("admin-resume").click();
  await expect(
    page.getByTestId("toast").filter({ hasText: `Sale resumed. Shoppers can buy ${coupon.name} again.` }),
  ).toBeVisible();
  await expect(card).toHaveAttribute("data-sale-state", "ACTIVE");
  await expectNoSidewaysScroll(page);

  // The live view speaks the shop's language, also on a phone.
  await card.getByTestId("admin-live").click();
  const live = page.getByTestId("live-sale-view");
  await expect(live).toContainText("Left");
  await expect(live).toContainText("Sold per second");
  await expect(live.getByTestId("live-pending")).toHaveText("0");
  await expect(live.getByTestId("live-audit")).toHaveText("All consistent");
  await expect(live).not.toContainText("Kafka");
  await expect(live).not.toContainText("Auditor");
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, "admin-live-sale-phone");
  await live.getByRole("button", { name: "Close" }).click();
  await expect(live).toBeHidden();

  // A negative price is named as such, on the phone's form too.
  await card.getByTestId("admin-edit").click();
  const form = page.getByTestId("coupon-form");
  await form.getByTestId("field-price").fill("-5");
  await form.getByTestId("field-total-stock").fill("2.5");
  await form.getByTestId("coupon-form-submit").click();
  await expect(form.getByTestId("coupon-price-error")).toHaveText("The price cannot be negative.");
  await expect(form.getByTestId("coupon-stock-error")).toHaveText("The stock must be a whole number, like 100.");
  await expectNoSidewaysScroll(page);
  await saveScreenshot(page, "admin-coupon-form-phone");
});
