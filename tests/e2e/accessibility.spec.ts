/**
 * Every page and state, at desktop and phone size: axe-core (WCAG 2.1 A and AA rules) finds no serious or critical
 * violation, and a screenshot of each lands in test-results/screenshots/ for a person to look at.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { keycloakOrigin, logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { buyAs, createCoupon, logInFreshShopper, saveScreenshot } from "@/tests/e2e/support/ui";

const viewports = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Audits what is on screen now at both sizes; a dialog open on the page is audited as it is. */
async function auditBothSizes(page: Page, name: string): Promise<void> {
  const findings: Record<string, Finding[]> = {};
  for (const [size, viewport] of Object.entries(viewports)) {
    await page.setViewportSize(viewport);
    // Let layout, transitions and the first socket/clock tick settle before judging colours and names.
    await page.waitForTimeout(400);
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      }));
    if (bad.length > 0) findings[size] = bad;
    await saveScreenshot(page, `${name}-${size}`);
  }
  await page.setViewportSize(viewports.desktop);
  expect.soft(findings, `serious or critical accessibility violations on "${name}"`).toEqual({});
}

// axe over the admin table at two sizes, five times, takes minutes on a 2-core box that also runs the stack.
test.describe.configure({ timeout: 480_000 });

test("when a visitor browses, then the catalogue, coupon states, not-found and login pages are accessible", async ({
  page,
}) => {
  const onSale = await createCoupon({ label: "A11y on sale", closesInMs: 30 * 60_000 });
  const upcoming = await createCoupon({
    label: "A11y upcoming",
    opensInMs: 2 * 60 * 60_000,
    closesInMs: 3 * 60 * 60_000,
  });
  const soldOut = await createCoupon({ label: "A11y sold out", totalStock: 1, price: 100 });
  const buyer = await createKeycloakUser();
  expect((await buyAs(buyer.email, buyer.password, soldOut.id)).status).toBe(202);

  await page.goto("/");
  await expect(page.getByTestId("coupon-card").first()).toBeVisible();
  await auditBothSizes(page, "catalogue-visitor");

  for (const [state, coupon] of [
    ["on-sale", onSale],
    ["upcoming", upcoming],
    ["sold-out", soldOut],
  ] as const) {
    await page.goto(`/coupons/${coupon.id}`);
    await expect(page.getByTestId("coupon-detail")).toBeVisible();
    if (state === "sold-out") await expect(page.getByTestId("buy-state")).toContainText(/sold out/i);
    await auditBothSizes(page, `coupon-${state}-visitor`);
  }

  await page.goto("/coupons/999999");
  await expect(page.getByTestId("not-found")).toBeVisible();
  await auditBothSizes(page, "not-found");

  await page.goto("/admin");
  await expect(page.getByTestId("admin-login-required")).toBeVisible();
  await auditBothSizes(page, "admin-login-required");

  await page.goto("/");
  await page.getByTestId("login-button").click();
  await expect(page).toHaveURL(new RegExp(`^${keycloakOrigin}/`));
  await expect(page.locator("#username")).toBeVisible();
  await auditBothSizes(page, "keycloak-login");

  await page.goto("/");
  await page.getByTestId("register-button").click();
  await expect(page.locator("#password-confirm")).toBeVisible();
  await auditBothSizes(page, "keycloak-register");
});

test("when a shopper buys and looks at their coupons, then every step is accessible", async ({ page }) => {
  const coupon = await createCoupon({ label: "A11y shopper", price: 250 });
  await logInFreshShopper(page);
  await expect(page.getByTestId("coupon-card").first()).toBeVisible();
  await auditBothSizes(page, "catalogue-shopper");

  await page.goto("/me/coupons");
  await expect(page.getByTestId("owned-empty")).toBeVisible();
  await auditBothSizes(page, "my-coupons-empty");

  await page.goto(`/coupons/${coupon.id}`);
  await expect(page.getByTestId("buy-button")).toBeEnabled();
  await auditBothSizes(page, "coupon-on-sale-shopper");
  await page.getByTestId("buy-button").click();
  await expect(page.getByTestId("buy-state")).toContainText("It's yours");
  await auditBothSizes(page, "coupon-bought");

  await page.goto("/me/coupons");
  await expect(page.getByTestId("my-order").first()).toBeVisible();
  await auditBothSizes(page, "my-coupons");

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await auditBothSizes(page, "admin-forbidden");
});

test("when a shopper's credit is short, then the disabled Buy and its reason are accessible", async ({ page }) => {
  const coupon = await createCoupon({ label: "A11y low credit", price: 5000 });
  await logInThroughKeycloak(page, demoUsers.carol.email, demoUsers.carol.password);
  await page.goto(`/coupons/${coupon.id}`);
  await expect(page.getByTestId("buy-button")).toBeDisabled();
  await auditBothSizes(page, "coupon-low-credit");
});

test("when the admin manages coupons, then the console, the form, the live view and a confirmation are accessible", async ({
  page,
}) => {
  const coupon = await createCoupon({ label: "A11y admin" });
  await logInThroughKeycloak(page, demoUsers.admin.email, demoUsers.admin.password);
  await page.goto("/admin");
  await expect(page.getByTestId("admin-table")).toBeVisible();
  await auditBothSizes(page, "admin-console");

  await page.getByTestId("admin-new-coupon").click();
  await expect(page.getByTestId("coupon-form-modal")).toBeVisible();
  await auditBothSizes(page, "admin-coupon-form");
  await page.getByTestId("coupon-form-submit").click();
  await expect(page.getByTestId("coupon-form-modal").locator(".invalid-feedback").first()).toBeVisible();
  await auditBothSizes(page, "admin-coupon-form-errors");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("coupon-form-modal")).toBeHidden();

  const row = page.locator(`[data-testid="admin-row"][data-coupon-id="${coupon.id}"]`);
  await row.getByTestId("admin-live").click();
  await expect(page.getByTestId("live-sale-view")).toBeVisible();
  await auditBothSizes(page, "admin-live-sale");
  await page.getByTestId("live-sale-view").getByRole("button", { name: "Close" }).click();
  await expect(page.getByTestId("live-sale-view")).toBeHidden();

  await row.getByTestId("admin-delete").click();
  await expect(page.getByTestId("confirm-dialog")).toBeVisible();
  await auditBothSizes(page, "admin-confirm-delete");
  await page.keyboard.press("Escape");
});

test("when a shopper waits in a sale's waiting room, then their line and the admin's view of the room are accessible", async ({
  page,
  browser,
}) => {
  const coupon = await createCoupon({
    label: "A11y waiting room",
    opensInMs: 10 * 60_000,
    waitingRoom: { enabled: true, prequeueMinutes: 15, admitPerSecond: null, marginPercent: 10, proofOfWork: true },
  });
  await logInFreshShopper(page);
  await page.goto(`/coupons/${coupon.id}`);
  await expect(page.getByTestId("buy-button")).toHaveAttribute("data-state", "room-waiting", { timeout: 30_000 });
  await auditBothSizes(page, "coupon-waiting-room");

  const admin = await (await browser.newContext()).newPage();
  await logInThroughKeycloak(admin, demoUsers.admin.email, demoUsers.admin.password);
  await admin.goto("/admin");
  await admin.locator(`[data-testid="admin-row"][data-coupon-id="${coupon.id}"]`).getByTestId("admin-live").click();
  await expect(admin.getByTestId("room-waiting")).toHaveText("1");
  await auditBothSizes(admin, "admin-live-waiting-room");
});
