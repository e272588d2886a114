/**
 * LOCAL DEV / TEST ONLY. Creates or updates the `flashsale-test` client (direct access grants, see test-client.json)
 * in realm `flashsale` so integration tests and the benchmark can mint real access tokens with the password grant.
 * Production never runs this: its realm has no client that accepts passwords, and the API refuses the test
 * client's tokens there (ALLOW_TEST_CLIENT=false).
 *
 * Idempotent: run it after every Keycloak start (the dev server keeps its realm in memory).
 * Usage: npx tsx infra/keycloak/ensure-test-client.ts
 */
import { readFile } from "node:fs/promises";
import { adminRequest, adminToken, realm } from "./admin-api";

interface ClientRepresentation {
  id?: string;
  clientId: string;
  [key: string]: unknown;
}

async function main() {
  const desired = JSON.parse(
    await readFile(new URL("./test-client.json", import.meta.url), "utf8"),
  ) as ClientRepresentation;
  const token = await adminToken();
  const existing = (await (
    await adminRequest(token, `/clients?clientId=${encodeURIComponent(desired.clientId)}`)
  ).json()) as ClientRepresentation[];
  const current = existing[0];

  if (!current?.id) {
    await adminRequest(token, "/clients", { method: "POST", body: JSON.stringify(desired) });
    console.log(`created client ${desired.clientId} in realm ${realm} (LOCAL TESTS ONLY)`);
    return;
  }

  // A PUT does not touch protocol mappers, so they are reconciled by name.
  const { protocolMappers = [], ...settings } = desired as ClientRepresentation & {
    protocolMappers?: { name: string }[];
  };
  await adminRequest(token, `/clients/${current.id}`, {
    method: "PUT",
    body: JSON.stringify({ ...settings, id: current.id }),
  });
  const mappers = (await (await adminRequest(token, `/clients/${current.id}/protocol-mappers/models`)).json()) as {
    id: string;
    name: string;
  }[];
  for (const mapper of protocolMappers) {
    const found = mappers.find((m) => m.name === mapper.name);
    if (found) {
      await adminRequest(token, `/clients/${current.id}/protocol-mappers/models/${found.id}`, {
        method: "PUT",
        body: JSON.stringify({ ...mapper, id: found.id }),
      });
    } else {
      await adminRequest(token, `/clients/${current.id}/protocol-mappers/models`, {
        method: "POST",
        body: JSON.stringify(mapper),
      });
    }
  }
  console.log(`updated client ${desired.clientId} in realm ${realm} (LOCAL TESTS ONLY)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
