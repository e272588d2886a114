import { expect, test } from "@playwright/test";
import {
  findKeycloakUserByEmail,
  keycloakSessionCount,
  testPassword,
  uniqueEmail,
} from "@/tests/e2e/support/keycloak-admin";
import { expectKeycloakLoginForm, fillKeycloakRegistration, keycloakOrigin } from "@/tests/e2e/support/keycloak-pages";

const startingCredit = "$100.00";

test("when a visitor registers on Keycloak's page, then they land back logged in with the starting credit, and log out of both", async ({
  page,
}) => {
  const email = uniqueEmail("e2e-register");

  await page.goto("/");
  await page.getByTestId("register-button").click();
  await fillKeycloakRegistration(page, { email, password: testPassword, firstName: "Erin", lastName: "Tester" });

  // Back on the site, signed in: the header shows who and how much credit (cents from /api/me, formatted).
  await page.waitForURL((url) => !url.href.startsWith(keycloakOrigin));
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await expect(page.getByTestId("credit")).toContainText(startingCredit);
  await expect(page.getByTestId("logout-button")).toBeVisible();

  const me = await page.request.get("/api/me");
  expect(me.status()).toBe(200);
  const body = (await me.json()) as { email: string; credit: number; roles: string[] };
  expect(body).toMatchObject({ email, credit: 10_000 });
  expect(body.roles).toContain("user");

  const keycloakUser = await findKeycloakUserByEmail(email);
  expect(keycloakUser).toBeDefined();
  expect(await keycloakSessionCount(keycloakUser!.id)).toBe(1);

  await page.getByTestId("logout-button").click();
  await page.waitForURL((url) => !url.href.startsWith(keycloakOrigin) && url.pathname === "/");
  await expect(page.getByTestId("login-button")).toBeVisible();
  expect((await page.request.get("/api/me")).status()).toBe(401);

  // Keycloak's SSO session is gone too: logging in again shows its form instead of passing straight through.
  expect(await keycloakSessionCount(keycloakUser!.id)).toBe(0);
  await page.getByTestId("login-button").click();
  await expectKeycloakLoginForm(page);
});
