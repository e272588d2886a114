import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { demoUsers } from "@/tests/support/keycloak-tokens";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { baseUrl, createCoupon } from "@/tests/e2e/support/ui";

const coldRuns = 5;

test("when a cold browser opens the catalogue, then the first coupon card shows within a second (measured, reported)", async ({
  browser,
}) => {
  const painted: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < coldRuns; run++) {
    // A new context is a cold browser for the shop: empty HTTP cache, no cookies, no service worker.
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto("/", { waitUntil: "commit" });
    await expect(page.getByTestId("coupon-card").first()).toBeVisible();
    wall.push(Date.now() - started);
    painted.push(await firstCardPaint(page));
    await context.close();
  }
  const report = {
    firstCardPaintMs: summary(painted),
    untilPlaywrightSawItMs: summary(wall),
    measuredAt: new Date().toISOString(),
  };
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/first-card.json", `${JSON.stringify(report, null, 2)}\n`);
  test.info().annotations.push({ type: "first card (ms)", description: JSON.stringify(report) });
  console.log(
    `first coupon card on a cold browser: painted ${painted.join(", ")} ms after navigation; Playwright saw it after ${wall.join(", ")} ms`,
  );
  // The goal is 1 s; the assertion is generous because the 2-core test box also runs the whole stack.
  expect(report.firstCardPaintMs.median).toBeLessThan(3000);
});

/** When the browser first painted a card's name, in ms since the navigation started (Element Timing API). */
function firstCardPaint(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) => {
          const [entry] = list.getEntries() as (PerformanceEntry & { renderTime: number; loadTime: number })[];
          if (entry) resolve(Math.round(entry.renderTime || entry.loadTime));
        }).observe({ type: "element", buffered: true });
      }),
  );
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)!, runs: values };
}

test("when JavaScript is off, then the catalogue's cards and a coupon's page are already in the HTML", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  const card = page.getByTestId("coupon-card").first();
  await expect(card).toBeVisible();
  const href = await card.getByTestId("coupon-link").getAttribute("href");
  expect(href).toMatch(/^\/coupons\/\d+$/);

  await page.goto(href!);
  await expect(page.getByTestId("coupon-detail")).toBeVisible();
  await expect(page.getByTestId("coupon-name")).not.toBeEmpty();
  await expect(page.getByText("Loading coupon…")).toHaveCount(0);
  await context.close();
});

test("when a coupon's link is shared, then its page names it in the title, description and preview image", async ({
  request,
}) => {
  const coupon = await createCoupon({ label: "Shared link" });
  const response = await request.get(`/coupons/${coupon.id}`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain(`<title>${coupon.name} · Flash Sale</title>`);
  expect(html).toContain(`<meta name="description" content="${coupon.description.replaceAll('"', "&quot;")}"/>`);
  expect(html).toContain(`<meta property="og:title" content="${coupon.name}"/>`);
  expect(html).toContain(`<meta property="og:url" content="${baseUrl}/coupons/${coupon.id}"/>`);
});

test("when a shopper is logged in, then the server's first HTML already has the header logged in (no pop-in)", async ({
  page,
  request,
}) => {
  await logInThroughKeycloak(page, demoUsers.alice.email, demoUsers.alice.password);
  await expect(page.getByTestId("user-email")).toHaveText(demoUsers.alice.email);
  const html = await (await page.request.get("/")).text();
  expect(html).toContain(`data-testid="user-email">${demoUsers.alice.email}<`);
  expect(html).toContain('data-testid="nav-my-coupons"');

  const anonymous = await (await request.get("/")).text();
  expect(anonymous).not.toContain('data-testid="user-email"');
  expect(anonymous).toContain('data-testid="login-button"');
});
