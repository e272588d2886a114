import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Redis } from "ioredis";
import { defineLuaScripts } from "@/server/infra/lua-scripts";
import { joinRoom, LIVE_ROOMS_KEY } from "@/server/features/waiting-room/room-scripts";
import { roomKeys } from "@/server/features/waiting-room/room-keys";
import { createCoupon, logInFreshShopper, ordersFor, saveScreenshot } from "@/tests/e2e/support/ui";

const redis = defineLuaScripts(new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6380/0"));

test.afterAll(async () => {
  await redis.quit();
});

test("when a sale has a waiting room, then a shopper waits in line, sees it move, gets the turn and buys; the shopper behind is told Sold out the moment the last unit goes", async ({
  browser,
}) => {
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await logInFreshShopper(first);
  await logInFreshShopper(second);

  // One unit, no margin: the room lets one shopper at a time hold an admission, one a second.
  const coupon = await createCoupon({
    label: "E2E waiting room",
    price: 1234,
    totalStock: 1,
    waitingRoom: { enabled: true, prequeueMinutes: 10, admitPerSecond: 1, marginPercent: 0, proofOfWork: true },
  });
  const keys = roomKeys(coupon.id);
  await expect.poll(() => redis.sismember(LIVE_ROOMS_KEY, String(coupon.id))).toBe(1);

  // Three shoppers are in line before ours (they join as the site's API would, straight in Redis).
  const ahead = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of ahead) await joinRoom(redis, coupon.id, id);
  await expect.poll(() => redis.zscore(keys.admitted, ahead[0]!)).not.toBeNull();

  await first.goto(`/coupons/${coupon.id}`);
  const buy = first.getByTestId("buy-button");
  await expect(buy).toHaveAttribute("data-state", "room-in-line", { timeout: 30_000 });
  await expect(first.getByTestId("room-position")).toHaveText("3");
  await expect(first.getByTestId("room-ahead")).toHaveText("2");
  await expect(buy).toHaveText("In line — 2 ahead");
  await saveScreenshot(first, "waiting-room-in-line");

  await second.goto(`/coupons/${coupon.id}`);
  const secondBuy = second.getByTestId("buy-button");
  await expect(secondBuy).toHaveAttribute("data-state", "room-in-line", { timeout: 30_000 });
  await expect(second.getByTestId("room-ahead")).toHaveText("3");
  // Both pages joined with a proof of work solved in the browser: each spent one challenge.
  const spentProofs = await redis.keys(`{coupon:${coupon.id}}:room:pow:*`);
  expect(spentProofs).toHaveLength(2);

  // The three ahead walk away without buying: each admission lapses and its place passes on, live.
  for (const [index, id] of ahead.entries()) {
    await expect.poll(() => redis.zscore(keys.admitted, id)).not.toBeNull();
    await redis.zadd(keys.admitted, "XX", Date.now() - 1, id);
    if (index < ahead.length - 1) await expect(first.getByTestId("room-ahead")).toHaveText(String(1 - index));
  }
  await expect(buy).toHaveAttribute("data-state", "room-turn");
  await expect(first.getByTestId("buy-state")).toHaveText(/^It's your turn — buy within \d+ s\.$/);
  await expect(second.getByTestId("room-ahead")).toHaveText("0");
  await saveScreenshot(first, "waiting-room-your-turn");

  await buy.click();
  await expect(secondBuy).toHaveText("Sold out", { timeout: 5_000 });
  await expect(second.getByTestId("buy-state")).toHaveAttribute("data-state", "sold-out");
  await expect(second.getByTestId("room-line")).toHaveCount(0);
  await saveScreenshot(second, "waiting-room-sold-out");
  await expect(buy).toHaveText("It's yours", { timeout: 30_000 });

  const orders = await ordersFor(first, coupon.id);
  expect(orders.map((o) => o.status)).toEqual(["PAID"]);
  expect(await ordersFor(second, coupon.id)).toHaveLength(0);
  expect(await redis.get(keys.stock)).toBe("0");
});
