import { expect, type Page } from "@playwright/test";

/** Keycloak's own pages (theme keycloak.v2 in 26.x), driven by their stable form field ids. */
export const keycloakOrigin = process.env.KEYCLOAK_PUBLIC_ORIGIN ?? "http://localhost:8180";

export async function expectKeycloakLoginForm(page: Page): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(keycloakOrigin)}/realms/flashsale/`));
  await expect(page.locator("#username")).toBeVisible();
  await expect(page.locator("#password")).toBeVisible();
}

export async function fillKeycloakLogin(page: Page, email: string, password: string): Promise<void> {
  await expectKeycloakLoginForm(page);
  await page.locator("#username").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("#kc-login").click();
}

export async function fillKeycloakRegistration(
  page: Page,
  user: { email: string; password: string; firstName: string; lastName: string },
): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(keycloakOrigin)}/realms/flashsale/`));
  await page.locator("#email").fill(user.email);
  await page.locator("#password").fill(user.password);
  await page.locator("#password-confirm").fill(user.password);
  await page.locator("#firstName").fill(user.firstName);
  await page.locator("#lastName").fill(user.lastName);
  await page.locator("input[type=submit], button[type=submit]").first().click();
}

/** Logs in through the site's "Log in" button and Keycloak's form; ends back on the site. */
export async function logInThroughKeycloak(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.getByTestId("login-button").click();
  await fillKeycloakLogin(page, email, password);
  await page.waitForURL((url) => !url.href.startsWith(keycloakOrigin));
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
