/**
 * Brings realm settings that flashsale-realm.json gained after a database was created into that database: the
 * realm file is imported only into an empty one (infra/keycloak.sh), and a re-import would delete the shoppers'
 * accounts. Today that is the login theme (`loginTheme`, themes/flashsale) and the web client's Home URL
 * (`baseUrl`), which the theme's "Back to the shop" link and Keycloak's own "Back to Application" use.
 *
 * Idempotent, and a partial PUT: only the fields below are sent, so an admin's other changes (and the client's
 * secret and redirect URIs) stay. Run after every Keycloak start by infra/keycloak.sh.
 * Usage: npx tsx infra/keycloak/ensure-realm-settings.ts   (KEYCLOAK_ADMIN_BASE_URL etc., see admin-api.ts)
 */
import { readFile } from "node:fs/promises";
import { adminRequest, adminToken, realm } from "./admin-api";

interface RealmFile {
  loginTheme?: string;
  clients?: { clientId: string; baseUrl?: string }[];
}

const webClientId = "flashsale-web";

async function main() {
  const file = JSON.parse(await readFile(new URL("./flashsale-realm.json", import.meta.url), "utf8")) as RealmFile;
  const loginTheme = file.loginTheme;
  const shopUrl = file.clients?.find((c) => c.clientId === webClientId)?.baseUrl;
  if (!loginTheme || !shopUrl) throw new Error(`flashsale-realm.json lacks loginTheme or ${webClientId}.baseUrl`);

  const token = await adminToken();
  const current = (await (await adminRequest(token, "")).json()) as { loginTheme?: string };
  if (current.loginTheme === loginTheme) {
    console.log(`realm ${realm}: login theme already ${loginTheme}`);
  } else {
    await adminRequest(token, "", { method: "PUT", body: JSON.stringify({ loginTheme }) });
    console.log(`realm ${realm}: login theme ${current.loginTheme || "(default)"} -> ${loginTheme}`);
  }

  const [client] = (await (
    await adminRequest(token, `/clients?clientId=${encodeURIComponent(webClientId)}`)
  ).json()) as { id: string; baseUrl?: string }[];
  if (!client) throw new Error(`realm ${realm} has no client ${webClientId}`);
  if (client.baseUrl === shopUrl) {
    console.log(`client ${webClientId}: Home URL already ${shopUrl}`);
  } else {
    await adminRequest(token, `/clients/${client.id}`, {
      method: "PUT",
      body: JSON.stringify({ id: client.id, clientId: webClientId, baseUrl: shopUrl }),
    });
    console.log(`client ${webClientId}: Home URL ${client.baseUrl || "(none)"} -> ${shopUrl}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
