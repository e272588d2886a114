import { env } from "@/server/env";
import { deleteSessionSecrets, loadSessionSecrets } from "@/server/features/identity/session-secrets";
import { readSessionJwt } from "@/server/features/identity/session-jwt";

/**
 * Where the browser goes to end the Keycloak session too (RP-initiated logout); clearing our cookie alone would
 * let the next "Log in" pass straight through Keycloak's still-open SSO session. With `id_token_hint` Keycloak
 * logs out without a confirmation page and returns to our home page. No session: just the home page.
 */
export async function buildFederatedLogoutUrl(cookieHeader: string | null | undefined): Promise<string> {
  const home = new URL("/", env.PUBLIC_URL).toString();
  const handle = (await readSessionJwt(cookieHeader))?.sessionHandle;
  if (!handle) return home;
  const idToken = (await loadSessionSecrets(handle))?.idToken;
  // The refresh token must not outlive the logout, whatever happens next in the browser.
  await deleteSessionSecrets(handle);
  if (!idToken) return home;
  const url = new URL(`${env.KEYCLOAK_ISSUER.replace(/\/+$/, "")}/protocol/openid-connect/logout`);
  url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("post_logout_redirect_uri", home);
  url.searchParams.set("client_id", env.KEYCLOAK_CLIENT_ID);
  return url.toString();
}
