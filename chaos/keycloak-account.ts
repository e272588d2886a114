import { randomUUID } from "node:crypto";
import { env } from "@/server/env";
import { passwordGrantFor, testClient } from "@/tests/support/keycloak-tokens";

/**
 * A shopper account made the way registration makes it (a new user of the flashsale realm, email as username,
 * a password credential), then seen by the shop once, so MySQL gives it its starting credit.
 */

const keycloakBase = new URL(env.KEYCLOAK_ISSUER).origin;
const realm = env.KEYCLOAK_ISSUER.split("/realms/")[1] ?? "flashsale";

export interface Account {
  email: string;
  password: string;
}

export interface AccountView {
  subject: string;
  credit: number;
}

async function adminToken(): Promise<string> {
  const response = await fetch(`${keycloakBase}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: "admin", password: "admin" }),
  });
  if (!response.ok) throw new Error(`Keycloak admin login failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function registerAccount(): Promise<Account> {
  const account = { email: `chaos-${randomUUID().slice(0, 12)}@chaos.flashsale.test`, password: "Chaos-shopper-1" };
  const response = await fetch(`${keycloakBase}/admin/realms/${realm}/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify({
      username: account.email,
      email: account.email,
      enabled: true,
      emailVerified: true,
      firstName: "Chaos",
      lastName: "Shopper",
      credentials: [{ type: "password", value: account.password, temporary: false }],
    }),
  });
  if (response.status !== 201)
    throw new Error(`registering ${account.email} failed: ${response.status} ${await response.text()}`);
  return account;
}

/** Logs the account in (password grant) and asks the shop who it is: subject and credit. */
export async function viewAccount(baseUrl: string, account: Account): Promise<AccountView> {
  const tokens = await passwordGrantFor(testClient, account.email, account.password);
  const subject = (
    JSON.parse(Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString()) as { sub: string }
  ).sub;
  const response = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  if (!response.ok) throw new Error(`GET /api/me for ${account.email} answered ${response.status}`);
  const me = (await response.json()) as { credit: number };
  return { subject, credit: me.credit };
}
