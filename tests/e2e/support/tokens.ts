/**
 * Token helpers beyond tests/support/keycloak-tokens.ts: other clients' tokens, and whole token responses.
 * LOCAL ONLY (test client and admin-cli password grants of the dev realm).
 */
const issuer = process.env.KEYCLOAK_ISSUER ?? "http://localhost:8180/realms/flashsale";

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
}

export async function passwordGrantFor(
  client: { id: string; secret?: string },
  email: string,
  password: string,
): Promise<TokenResponse> {
  const body = new URLSearchParams({ grant_type: "password", client_id: client.id, username: email, password, scope: "openid" });
  if (client.secret) body.set("client_secret", client.secret);
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, { method: "POST", body });
  if (!response.ok) throw new Error(`password grant on ${client.id} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

export const testClient = { id: "flashsale-test", secret: "flashsale-test-secret" };
