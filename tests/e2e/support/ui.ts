/**
 * Helpers for the shop and admin journeys: coupons arranged through the admin API (LOCAL ONLY password grant of the
 * test client), shoppers created in Keycloak, screenshots a person can look at after the run.
 */
import { mkdirSync } from "node:fs";
import { expect, type APIResponse, type Page } from "@playwright/test";
import { passwordGrant, demoUsers } from "@/tests/support/keycloak-tokens";
import { createKeycloakUser, type CreatedUser } from "@/tests/e2e/support/keycloak-admin";
import { logInThroughKeycloak } from "@/tests/e2e/support/keycloak-pages";
import type { WaitingRoomSettings } from "@/contract/admin";

export const baseUrl = process.env.E2E_BASE_URL ?? "http://localhost:8080";
const screenshotDir = "test-results/screenshots";

export interface TestCoupon {
  id: number;
  name: string;
  description: string;
  price: number;
  totalStock: number;
  saleStart: string;
  saleEnd: string;
}

export async function adminToken(): Promise<string> {
  return passwordGrant(demoUsers.admin.email, demoUsers.admin.password);
}

/** A coupon for one test, unique by name; `opensInMs` < 0 means the sale is already open. */
export async function createCoupon(options: {
  label: string;
  price?: number;
  listPrice?: number;
  totalStock?: number;
  opensInMs?: number;
  closesInMs?: number;
  waitingRoom?: WaitingRoomSettings;
}): Promise<TestCoupon> {
  const now = Date.now();
  const body = {
    name: `${options.label} ${now.toString(36)}${Math.floor(Math.random() * 1000)}`,
    description: `E2E coupon for "${options.label}".`,
    price: options.price ?? 1234,
    ...(options.listPrice === undefined ? {} : { listPrice: options.listPrice }),
    totalStock: options.totalStock ?? 10,
    saleStart: new Date(now + (options.opensInMs ?? -60_000)).toISOString(),
    saleEnd: new Date(now + (options.closesInMs ?? 60 * 60_000)).toISOString(),
    ...(options.waitingRoom === undefined ? {} : { waitingRoom: options.waitingRoom }),
  };
  const response = await fetch(`${baseUrl}/api/admin/coupons`, {
    method: "POST",
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`creating a coupon failed: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as TestCoupon;
  return { ...body, id: created.id };
}

/** Buys through the API as another shopper, e.g. to empty a coupon's stock before the test's shopper arrives. */
export async function buyAs(
  email: string,
  password: string,
  couponId: number,
): Promise<{ status: number; error: string | null }> {
  const response = await fetch(`${baseUrl}/api/coupons/${couponId}/purchase`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${await passwordGrant(email, password)}`,
      "idempotency-key": crypto.randomUUID(),
    },
  });
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return { status: response.status, error: body.error ?? null };
}

/** A throwaway shopper (Keycloak Admin API), logged in through the site's button and Keycloak's form. */
export async function logInFreshShopper(page: Page): Promise<CreatedUser> {
  const user = await createKeycloakUser();
  await logInThroughKeycloak(page, user.email, user.password);
  await expect(page.getByTestId("user-email")).toHaveText(user.email);
  return user;
}

export async function creditCents(page: Page): Promise<number> {
  const credit = page.getByTestId("credit");
  await expect(credit).toBeVisible();
  return Number(await credit.getAttribute("data-cents"));
}

export async function meFromApi(page: Page): Promise<{ credit: number }> {
  const response = await page.request.get("/api/me");
  expect(response.status()).toBe(200);
  return (await response.json()) as { credit: number };
}

export async function ordersFor(
  page: Page,
  couponId: number,
): Promise<{ orderId: string; status: string; failureReason?: string | null }[]> {
  const response: APIResponse = await page.request.get("/api/me/orders");
  expect(response.status()).toBe(200);
  type Row = { orderId: string; couponId: number; status: string; failureReason?: string | null };
  const body = (await response.json()) as { items?: Row[]; orders?: Row[] };
  return (body.items ?? body.orders ?? []).filter((o) => o.couponId === couponId);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });
}

/** A valid 16×16 PNG (solid orange), built in memory so the test needs no fixture file. */
export function tinyPng(): Buffer {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mP438NAEmIY1TCqYfhqAAD9g4sQPh6xkwAAAABJRU5ErkJggg==",
    "base64",
  );
}
