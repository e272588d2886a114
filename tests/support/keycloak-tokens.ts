/**
 * Real access tokens for tests and the benchmark, from the LOCAL-ONLY `flashsale-test` client (password grant),
 * or from another client when a test needs a token minted for someone else.
 * `infra/keycloak/ensure-test-client.ts` creates the test client; production never has it.
 */
const issuer = process.env.KEYCLOAK_ISSUER ?? "http://localhost:8180/realms/flashsale";

export const demoUsers = {
  admin: { email: "admin@example.com", password: "Admin123!", id: "0b7e3f4e-0000-4000-8000-000000000001" },
  alice: { email: "alice@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000002" },
  bob: { email: "bob@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000003" },
  carol: { email: "carol@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000004" },
} as const;

export const testClient = { id: "flashsale-test", secret: "flashsale-test-secret" };

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
  const body = new URLSearchParams({
    grant_type: "password",
    client_id: client.id,
    username: email,
    password,
    scope: "openid",
  });
  if (client.secret) body.set("client_secret", client.secret);
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, { method: "POST", body });
  if (!response.ok)
    throw new Error(`password grant on ${client.id} for ${email} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** An access token of the test client for this user. */
export async function passwordGrant(email: string, password: string): Promise<string> {
  return (await passwordGrantFor(testClient, email, password)).access_token;
}
