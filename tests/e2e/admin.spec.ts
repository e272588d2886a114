import { expect, test, type Locator, type Page } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { buyAs, logInFreshShopper, saveScreenshot, tinyPng } from "@/tests/e2e/support/ui";

// The stack's app instances (npm start: 3001-3003).
const instancePorts = [3001, 3002, 3003];
const INSTANCES = instancePorts.length;

async function logInAsAdmin(page: Page): Promise<void> {
  await logInThroughKeycloak(page, demoUsers.admin.email, demoUsers.admin.password);
  await expect(page.getByTestId("nav-admin")).toBeVisible();
}

function toLocalInput(ms: number): string {
  const date = new Date(ms);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

test("when the admin creates a coupon with an image, then the catalogue shows it with that image, and a new name reaches every instance", async ({
  page,
}) => {
  await logInAsAdmin(page);
  await page.getByTestId("nav-admin").click();
  await expect(page.getByTestId("admin-new-coupon")).toBeVisible();

  await page.getByTestId("admin-new-coupon").click();
  const form = page.getByTestId("coupon-form");

  // The form checks before it sends: an empty name, a bad price, a wrong file type.
  await form.getByTestId("field-name").fill("");
  await form.getByTestId("field-price").fill("12.345");
  await form
    .getByTestId("field-image")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(form.getByTestId("coupon-image-error")).toContainText("PNG, JPEG, WebP or GIF");
  await form.getByTestId("coupon-form-submit").click();
  await expect(form.getByTestId("coupon-name-error")).toContainText("required");
  await expect(form.getByTestId("coupon-price-error")).toContainText("19.99");

  const name = `E2E admin ${Date.now().toString(36)}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Description").fill("Made by the admin journey.");
  await form.getByTestId("field-price").fill("7.50");
  await form.getByTestId("field-total-stock").fill("25");
  await form.getByTestId("field-sale-start").fill(toLocalInput(Date.now() - 60_000));
  await form.getByTestId("field-sale-end").fill(toLocalInput(Date.now() + 60 * 60_000));
  await form.getByTestId("field-image").setInputFiles({ name: "coupon.png", mimeType: "image/png", buffer: tinyPng() });
  await expect(form.getByAltText("Image preview")).toBeVisible();
  await saveScreenshot(page, "admin-coupon-form");
  await form.getByTestId("coupon-form-submit").click();
  await expect(page.getByTestId("coupon-form-modal")).toBeHidden();

  const row = page.getByTestId("admin-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  const couponId = Number(await row.getAttribute("data-coupon-id"));
  expect(couponId).toBeGreaterThan(0);
  await saveScreenshot(page, "admin-console");

  // The API says where its image lives, and the catalogue card shows that image (loaded, not the placeholder).
  const apiCoupon = (await (await page.request.get(`/api/coupons/${couponId}`)).json()) as {
    imageUrl: string | null;
    price: number;
  };
  expect(apiCoupon.price).toBe(750);
  expect(apiCoupon.imageUrl).toBeTruthy();
  const image = await page.request.get(apiCoupon.imageUrl!);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toContain("image/png");

  const catalogueCard = await findCatalogueCard(page, couponId);
  const cardImage = catalogueCard.getByTestId("coupon-image");
  await expect(cardImage).toHaveAttribute("src", apiCoupon.imageUrl!);
  await expect.poll(() => cardImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
  await saveScreenshot(page, "catalogue-with-new-coupon");

  // Rename it in the console; every instance behind NGINX must answer with the new name.
  await page.goto("/admin");
  await page.getByTestId("admin-row").filter({ hasText: name }).getByTestId("admin-edit").click();
  const renamed = `${name} renamed`;
  await page.getByTestId("field-name").fill(renamed);
  await page.getByTestId("coupon-form-submit").click();
  await expect(page.getByTestId("coupon-form-modal")).toBeHidden();
  await expect(page.getByTestId("admin-row").filter({ hasText: renamed })).toBeVisible();

  await expect
    .poll(
      async () => {
        const instances = new Set<string>();
        let allRenamed = true;
        // Straight at each instance: through NGINX the micro-cache would answer for all of them.
        for (const port of instancePorts) {
          const response = await page.request.get(`http://127.0.0.1:${port}/api/coupons/${couponId}`);
          instances.add(response.headers()["x-instance-id"] ?? "unknown");
          if (((await response.json()) as { name: string }).name !== renamed) allRenamed = false;
        }
        return { instances: instances.size, allRenamed };
      },
      { timeout: 10_000, message: "every instance answers with the new name" },
    )
    .toEqual({ instances: INSTANCES, allRenamed: true });
});

test("when the admin pauses and resumes a sale, then the shopper's page follows", async ({ page }) => {
  await logInAsAdmin(page);
  await page.goto("/admin");
  await page.getByTestId("admin-new-coupon").click();
  const name = `E2E pause ${Date.now().toString(36)}`;
  await page.getByTestId("field-name").fill(name);
  await page.getByTestId("field-description").fill("Paused and resumed by the admin journey.");
  await page.getByTestId("field-price").fill("1.00");
  await page.getByTestId("field-total-stock").fill("5");
  await page.getByTestId("field-sale-start").fill(toLocalInput(Date.now() - 60_000));
  await page.getByTestId("coupon-form-submit").click();
  const row = page.getByTestId("admin-row").filter({ hasText: name });
  await expect(row).toHaveAttribute("data-sale-state", "ACTIVE");

  await row.getByTestId("admin-pause").click();
  await expect(row).toHaveAttribute("data-sale-state", "PAUSED");
  const couponId = Number(await row.getAttribute("data-coupon-id"));
  expect(await buyAs(demoUsers.bob.email, demoUsers.bob.password, couponId)).toEqual({
    status: 403,
    error: "SALE_PAUSED",
  });
  // Shoppers read the catalogue through NGINX's one-second micro-cache: a page loaded within that second may
  // still show the previous state, so the shopper's view is checked the way a shopper would — by loading again.
  await expectShopperPage(page, couponId, "Sale paused");
  await saveScreenshot(page, "coupon-paused");
  await page.goto("/admin");

  await page.getByTestId("admin-row").filter({ hasText: name }).getByTestId("admin-resume").click();
  await expect(page.getByTestId("admin-row").filter({ hasText: name })).toHaveAttribute("data-sale-state", "ACTIVE");
  await expectShopperPage(page, couponId, "Buy now");
  // The live sale view: the refused and the paid purchase show up by reason, and the auditor agrees.
  expect(await buyAs(demoUsers.bob.email, demoUsers.bob.password, couponId)).toEqual({ status: 202, error: null });
  await page.goto("/admin");
  await page.getByTestId("admin-row").filter({ hasText: name }).getByTestId("admin-live").click();
  const live = page.getByTestId("live-sale-view");
  await expect(live.getByTestId("live-sold")).toHaveText("1", { timeout: 10_000 });
  await expect(live.getByTestId("live-outcomes")).toContainText("sale paused", { timeout: 5_000 });
  await expect(live.getByTestId("live-outcomes")).toContainText("paid", { timeout: 5_000 });
  await expect(live.getByTestId("live-pending")).toHaveText("0");
  await expect(live.getByTestId("live-audit")).toHaveText("All consistent");
  await saveScreenshot(page, "admin-live-sale");
});

test("when a shopper types the admin URL, then there is no console and the admin API refuses", async ({ page }) => {
  await logInFreshShopper(page);
  await expect(page.getByTestId("nav-admin")).toHaveCount(0);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId("forbidden")).toBeVisible();
  await expect(page.getByTestId("admin-table")).toHaveCount(0);
  await expect(page.getByTestId("admin-new-coupon")).toHaveCount(0);
  await saveScreenshot(page, "admin-forbidden");

  expect((await page.request.get("/api/admin/coupons")).status()).toBe(403);
});

async function expectShopperPage(page: Page, couponId: number, buttonText: string) {
  await expect(async () => {
    await page.goto(`/coupons/${couponId}`);
    await expect(page.getByTestId("buy-button")).toHaveText(buttonText, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
}

/** The coupon's card in the public catalogue (read through the one-second micro-cache, hence the retry). */
async function findCatalogueCard(page: Page, couponId: number) {
  let card: Locator | undefined;
  await expect(async () => {
    card = await findCatalogueCardOnce(page, couponId);
  }).toPass({ timeout: 10_000 });
  return card!;
}

async function findCatalogueCardOnce(page: Page, couponId: number) {
  const size = 12;
  for (let pageNumber = 1; pageNumber <= 50; pageNumber++) {
    const response = await page.request.get(`/api/coupons?page=${pageNumber}&size=${size}`);
    const body = (await response.json()) as { items: { id: number }[]; total: number };
    if (body.items.some((c) => c.id === couponId)) {
      await page.goto(pageNumber === 1 ? "/" : `/?page=${pageNumber}`);
      const card = page.locator(`[data-testid="coupon-card"][data-coupon-id="${couponId}"]`);
      await expect(card).toBeVisible();
      return card;
    }
    if (pageNumber * size >= body.total) break;
  }
  throw new Error(`coupon ${couponId} is not in the catalogue`);
}
