import { expect, test, type Page } from "@playwright/test";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import { createCoupon, creditCents, logInFreshShopper, ordersFor, saveScreenshot } from "@/tests/e2e/support/ui";

/** Long enough for any further replayed message and its toast to show after the replay we waited for. */
const AFTER_REPLAY_MS = 3_000;

test("when a shopper buys, then the result is toasted once by name, and neither a reload nor a second browser toasts it again", async ({
  page,
  browser,
}) => {
  const coupon = await createCoupon({ label: "E2E told once", price: 700, totalStock: 5 });
  const user = await logInFreshShopper(page);

  await page.goto(`/coupons/${coupon.id}`);
  await page.getByTestId("buy-button").click();
  await expect(page.getByTestId("buy-button")).toHaveText("It's yours", { timeout: 30_000 });
  const toast = page.getByTestId("toast");
  await expect(toast).toHaveCount(1);
  await expect(toast).toContainText(`${coupon.name} is now in My coupons.`);
  await expect(toast).not.toContainText(`#${coupon.id}`);
  await expectNotCovering(page, "credit");
  await expectNotCovering(page, "logout-button");
  await saveScreenshot(page, "toast-result");
  const [order] = await ordersFor(page, coupon.id);
  expect(order?.status).toBe("PAID");
  const orderId = order!.orderId;

  // The server replays the result on every connect; the page uses it silently.
  const replayedAfterReload = replayOf(page, orderId);
  await page.reload();
  await replayedAfterReload;
  await page.waitForTimeout(AFTER_REPLAY_MS);
  await expect(page.getByTestId("buy-button")).toHaveText("You already have this coupon");
  await expect(page.getByTestId("toast")).toHaveCount(0);

  const otherBrowser = await browser.newContext();
  try {
    const second = await otherBrowser.newPage();
    const replayedInSecondBrowser = replayOf(second, orderId);
    await logInThroughKeycloak(second, user.email, user.password);
    await replayedInSecondBrowser;
    await second.waitForTimeout(AFTER_REPLAY_MS);
    await expect(second.getByTestId("toast")).toHaveCount(0);
    expect(await creditCents(second)).toBe(await creditCents(page));
  } finally {
    await otherBrowser.close();
  }
});

test("when a shopper has two tabs open and buys in one, then the result is toasted in one tab only and both show the new credit", async ({
  page,
  context,
}) => {
  const coupon = await createCoupon({ label: "E2E two tabs", price: 900, totalStock: 5 });
  await logInFreshShopper(page);
  const creditBefore = await creditCents(page);
  const other = await context.newPage();
  await other.goto("/me/coupons");
  await expect(other.getByTestId("credit")).toHaveAttribute("data-cents", String(creditBefore));

  await page.goto(`/coupons/${coupon.id}`);
  await page.getByTestId("buy-button").click();
  await expect(page.getByTestId("buy-button")).toHaveText("It's yours", { timeout: 30_000 });
  // Both tabs received the live result: both show the lower credit, and between them they toast it once.
  for (const tab of [page, other]) {
    await expect(tab.getByTestId("credit")).toHaveAttribute("data-cents", String(creditBefore - 900));
  }
  await page.waitForTimeout(AFTER_REPLAY_MS);
  // The tab that bought tells it; the other one only follows.
  await expect(page.getByTestId("toast")).toHaveCount(1);
  await expect(other.getByTestId("toast")).toHaveCount(0);
  await expect(other.getByTestId("my-order").filter({ hasText: coupon.name })).toBeVisible();
});

/** Resolves when this page's user socket receives the replayed result of the order (Socket.IO frames as text). */
function replayOf(page: Page, orderId: string): Promise<void> {
  const arrived = new Promise<void>((resolve) => {
    page.on("websocket", (socket) => {
      socket.on("framereceived", ({ payload }) => {
        const text = typeof payload === "string" ? payload : payload.toString("utf8");
        if (text.includes('"payment_update"') && text.includes(orderId) && text.includes('"replayed":true')) resolve();
      });
    });
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no replay of order ${orderId} within 20 s`)), 20_000).unref(),
  );
  return Promise.race([arrived, timeout]);
}

async function expectNotCovering(page: Page, testId: string) {
  const [toastBox, targetBox] = await Promise.all([
    page.getByTestId("toast").first().boundingBox(),
    page.getByTestId(testId).boundingBox(),
  ]);
  expect(toastBox).not.toBeNull();
  expect(targetBox).not.toBeNull();
  const overlaps =
    toastBox!.x < targetBox!.x + targetBox!.width &&
    targetBox!.x < toastBox!.x + toastBox!.width &&
    toastBox!.y < targetBox!.y + targetBox!.height &&
    targetBox!.y < toastBox!.y + toastBox!.height;
  expect(overlaps, `the toast covers ${testId}`).toBe(false);
}
