/**
 * The Keycloak Admin REST API as the local ensure-* scripts use it: a master-realm admin token (the bootstrap admin
 * of infra/keycloak.sh) and requests under /admin/realms/flashsale that throw on any non-2xx answer.
 */
export const baseUrl = process.env.KEYCLOAK_ADMIN_BASE_URL ?? "http://localhost:8180";
export const realm = "flashsale";
const adminUser = process.env.KEYCLOAK_ADMIN_USER ?? "admin";
const adminPassword = process.env.KEYCLOAK_ADMIN_PASSWORD ?? "admin";

export async function adminToken(): Promise<string> {
  const response = await fetch(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "password",
      client_id: "admin-cli",
      username: adminUser,
      password: adminPassword,
    }),
  });
  if (!response.ok) throw new Error(`master admin login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** `path` is relative to the realm: "" is the realm itself, "/clients" its clients. */
export async function adminRequest(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${baseUrl}/admin/realms/${realm}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
  if (!response.ok)
    throw new Error(`${init.method ?? "GET"} ${path || "/"} failed: ${response.status} ${await response.text()}`);
  return response;
}
