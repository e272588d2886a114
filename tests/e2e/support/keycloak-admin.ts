/**
 * Keycloak Admin API helpers for tests (LOCAL ONLY: master admin admin/admin of the dev server). Creates throwaway
 * users with unique e-mails; first and last names are set because Keycloak's declarative user profile refuses
 * logins ("Account is not fully set up") without them.
 */
import { randomUUID } from "node:crypto";

const baseUrl = process.env.KEYCLOAK_ADMIN_BASE_URL ?? "http://localhost:8180";
const realm = "flashsale";

export const testPassword = "Shopper123!";

export async function masterAdminToken(): Promise<string> {
  const response = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: "admin", password: "admin" }),
  });
  if (!response.ok) throw new Error(`master admin login failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A unique address per call, so runs never collide in Keycloak or MySQL. */
export function uniqueEmail(prefix = "test"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}@example.com`;
}

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
}

export async function createKeycloakUser(email = uniqueEmail(), password = testPassword): Promise<CreatedUser> {
  const token = await masterAdminToken();
  const response = await fetch(`${baseUrl}/admin/realms/${realm}/users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      username: email,
      email,
      firstName: "Test",
      lastName: "Shopper",
      enabled: true,
      emailVerified: true,
      credentials: [{ type: "password", value: password, temporary: false }],
    }),
  });
  if (response.status !== 201) throw new Error(`creating ${email} failed: ${response.status} ${await response.text()}`);
  const id = response.headers.get("location")?.split("/").pop();
  if (!id) throw new Error("Keycloak returned no user location");
  return { id, email, password };
}

export async function findKeycloakUserByEmail(email: string): Promise<{ id: string } | undefined> {
  const token = await masterAdminToken();
  const response = await fetch(`${baseUrl}/admin/realms/${realm}/users?exact=true&email=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const users = (await response.json()) as { id: string }[];
  return users[0];
}

/** Active Keycloak sessions of a user; zero after an RP-initiated logout. */
export async function keycloakSessionCount(userId: string): Promise<number> {
  const token = await masterAdminToken();
  const response = await fetch(`${baseUrl}/admin/realms/${realm}/users/${userId}/sessions`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`reading sessions failed: ${response.status}`);
  return ((await response.json()) as unknown[]).length;
}
