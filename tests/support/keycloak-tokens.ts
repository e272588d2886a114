/**
 * Real access tokens for tests and the benchmark, from the LOCAL-ONLY `flashsale-test` client (password grant).
 * `infra/keycloak/ensure-test-client.ts` creates that client; production never has it.
 */
const issuer = process.env.KEYCLOAK_ISSUER ?? "http://localhost:8180/realms/flashsale";

export const demoUsers = {
  admin: { email: "admin@example.com", password: "Admin123!", id: "0b7e3f4e-0000-4000-8000-000000000001" },
  alice: { email: "alice@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000002" },
  bob: { email: "bob@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000003" },
  carol: { email: "carol@example.com", password: "Shopper123!", id: "0b7e3f4e-0000-4000-8000-000000000004" },
} as const;

export async function passwordGrant(email: string, password: string): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "flashsale-test",
      client_secret: "flashsale-test-secret",
      username: email,
      password,
      scope: "openid",
    }),
  });
  if (!response.ok) throw new Error(`password grant for ${email} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
