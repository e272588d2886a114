/**
 * Runs the web client's authorization-code + PKCE flow without a browser (GET the login page, POST the form,
 * catch the code on the redirect, exchange it), so tests get the same token set next-auth would: access,
 * refresh and id token of `flashsale-web`. LOCAL ONLY: uses the dev client secret.
 */
import { createHash, randomBytes } from "node:crypto";
import type { TokenResponse } from "@/tests/support/keycloak-tokens";

const issuer = process.env.KEYCLOAK_ISSUER ?? "http://localhost:8180/realms/flashsale";
const redirectUri = "http://localhost:8080/api/auth/callback/keycloak";

export async function webClientLogin(email: string, password: string): Promise<TokenResponse> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authUrl = new URL(`${issuer}/protocol/openid-connect/auth`);
  for (const [key, value] of Object.entries({
    client_id: "flashsale-web",
    response_type: "code",
    scope: "openid email profile",
    redirect_uri: redirectUri,
    state: randomBytes(8).toString("hex"),
    code_challenge: challenge,
    code_challenge_method: "S256",
  })) {
    authUrl.searchParams.set(key, value);
  }

  const loginPage = await fetch(authUrl, { redirect: "manual" });
  const cookies = (loginPage.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const html = await loginPage.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("Keycloak login form not found");

  const submitted = await fetch(action.replaceAll("&amp;", "&"), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: email, password, credentialId: "" }),
  });
  const location = submitted.headers.get("location");
  const code = location ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error(`login did not redirect with a code (status ${submitted.status})`);

  const tokenResponse = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: "flashsale-web",
      client_secret: process.env.KEYCLOAK_CLIENT_SECRET ?? "flashsale-web-dev-secret",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!tokenResponse.ok) throw new Error(`code exchange failed: ${tokenResponse.status} ${await tokenResponse.text()}`);
  return (await tokenResponse.json()) as TokenResponse;
}
