import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/server/env";
import { mapLimit } from "@/bench/concurrency";

/**
 * Bench shoppers: real Keycloak users of the `flashsale` realm (the API only trusts that issuer), tokens from the
 * LOCAL-ONLY `flashsale-test` client. Users and their refresh tokens are cached in `.run/bench/` so a second run
 * creates nobody and signs nobody in with a password: a refresh grant costs Keycloak no password hash.
 *
 * Why the hashing policy is lowered for a moment: Keycloak hashes passwords with a deliberately slow function
 * (tens of ms of CPU each), and it re-hashes on login when a stored hash does not match the realm policy. On 2
 * cores that makes 4,000 sign-ins take minutes and steals the CPU the benchmark measures. So while bench users are
 * created and signed in with their password, the realm policy gets `hashAlgorithm(pbkdf2-sha256) and
 * hashIterations(1)`; the original policy is put back right after (finally + signal handler). Only this local
 * realm is touched, only for that window, and production never runs the bench (the test client does not exist there).
 */

const keycloakBase = new URL(env.KEYCLOAK_ISSUER).origin;
const realm = env.KEYCLOAK_ISSUER.split("/realms/")[1] ?? "flashsale";
const cacheDir = path.join(process.cwd(), ".run", "bench");
const cacheFile = path.join(cacheDir, "shoppers.json");
const password = "Bench-shopper-1";
const cheapHashing = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

export interface Shopper {
  username: string;
  /** Keycloak subject = users.id */
  id: string;
  accessToken: string;
  accessExpiresAtMs: number;
  refreshToken: string;
  refreshExpiresAtMs: number;
}

interface Cache {
  realm: string;
  shoppers: Record<string, Shopper>;
}

export function benchUsername(index: number): string {
  return `bench-shopper-${String(index).padStart(6, "0")}`;
}

export function benchEmail(username: string): string {
  return `${username}@bench.flashsale.test`;
}

async function adminToken(): Promise<string> {
  const response = await fetch(`${keycloakBase}/realms/master/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: "admin", password: "admin" }),
  });
  if (!response.ok) throw new Error(`Keycloak admin login failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function admin(token: string, method: string, pathname: string, body?: unknown) {
  const response = await fetch(`${keycloakBase}/admin/realms/${realm}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`Keycloak admin ${method} ${pathname}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

let restorePolicy: (() => Promise<void>) | undefined;

/** Puts the realm's own password policy back (also called from the runner's signal handler). */
export async function restorePasswordPolicy() {
  const restore = restorePolicy;
  restorePolicy = undefined;
  if (restore) await restore();
}

async function withCheapHashing<T>(fn: () => Promise<T>): Promise<T> {
  const token = await adminToken();
  const current = (await admin(token, "GET", "")) as { passwordPolicy?: string };
  const original = current.passwordPolicy ?? "";
  const cheap = [original.replace(/\s*and\s*hash(Algorithm|Iterations)\([^)]*\)/g, ""), cheapHashing]
    .filter(Boolean)
    .join(" and ");
  await admin(token, "PUT", "", { passwordPolicy: cheap });
  restorePolicy = async () => admin(await adminToken(), "PUT", "", { passwordPolicy: original }).then(() => undefined);
  try {
    return await fn();
  } finally {
    await restorePasswordPolicy();
  }
}

async function readCache(): Promise<Cache> {
  try {
    const cache = JSON.parse(await readFile(cacheFile, "utf8")) as Cache;
    if (cache.realm === env.KEYCLOAK_ISSUER) return cache;
  } catch {
    // no cache yet
  }
  return { realm: env.KEYCLOAK_ISSUER, shoppers: {} };
}

async function writeCache(cache: Cache) {
  await mkdir(cacheDir, { recursive: true });
  await writeFile(cacheFile, JSON.stringify(cache));
}

interface TokenReply {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
}

function toShopper(username: string, reply: TokenReply): Shopper {
  const now = Date.now();
  const payload = JSON.parse(Buffer.from(reply.access_token.split(".")[1] ?? "", "base64url").toString("utf8")) as {
    sub: string;
  };
  return {
    username,
    id: payload.sub,
    accessToken: reply.access_token,
    accessExpiresAtMs: now + reply.expires_in * 1000,
    refreshToken: reply.refresh_token,
    refreshExpiresAtMs: now + reply.refresh_expires_in * 1000,
  };
}

async function tokenGrant(params: Record<string, string>): Promise<TokenReply | undefined> {
  const response = await fetch(`${env.KEYCLOAK_ISSUER}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      client_id: env.KEYCLOAK_TEST_CLIENT_ID,
      client_secret: "flashsale-test-secret",
      ...params,
    }),
  });
  if (!response.ok) {
    await response.text();
    return undefined;
  }
  return (await response.json()) as TokenReply;
}

async function createUsers(token: string, usernames: string[]) {
  // partialImport creates hundreds of users per request; SKIP keeps existing ones (a cache lost but users kept).
  for (let i = 0; i < usernames.length; i += 500) {
    const users = usernames.slice(i, i + 500).map((username) => ({
      username,
      email: benchEmail(username),
      firstName: "Bench",
      lastName: `Shopper ${username.slice(-6)}`,
      enabled: true,
      emailVerified: true,
      realmRoles: ["user"],
      credentials: [{ type: "password", value: password, temporary: false }],
    }));
    await admin(token, "POST", "/partialImport", { ifResourceExists: "SKIP", users });
  }
}

export type ShopperProgress = (done: number, total: number, what: string) => void;

/**
 * Returns `count` shoppers whose access tokens stay valid for at least `validForMs`: cached ones as they are,
 * near-expiry ones refreshed, missing ones created and signed in (under cheap hashing).
 */
export async function loadShoppers(count: number, validForMs: number, progress: ShopperProgress): Promise<Shopper[]> {
  const cache = await readCache();
  const names = Array.from({ length: count }, (_, i) => benchUsername(i + 1));
  const deadline = Date.now() + validForMs;

  const stale = names.filter((name) => {
    const s = cache.shoppers[name];
    return !s || s.accessExpiresAtMs < deadline;
  });
  let done = 0;
  const needPassword: string[] = [];
  await mapLimit(stale, 16, async (name) => {
    const cached = cache.shoppers[name];
    const reply =
      cached && cached.refreshExpiresAtMs > Date.now() + 10_000
        ? await tokenGrant({ grant_type: "refresh_token", refresh_token: cached.refreshToken })
        : undefined;
    if (reply) cache.shoppers[name] = toShopper(name, reply);
    else needPassword.push(name);
    progress((done += 1), stale.length, "refreshing tokens");
  });

  if (needPassword.length > 0) {
    await withCheapHashing(async () => {
      const token = await adminToken();
      progress(0, needPassword.length, "creating Keycloak users");
      await createUsers(token, needPassword);
      let signedIn = 0;
      const failed: string[] = [];
      await mapLimit(needPassword, 16, async (name) => {
        const reply = await tokenGrant({ grant_type: "password", username: name, password, scope: "openid" });
        if (reply) cache.shoppers[name] = toShopper(name, reply);
        else failed.push(name);
        progress((signedIn += 1), needPassword.length, "signing in shoppers");
      });
      if (failed.length > 0) throw new Error(`${failed.length} bench shoppers could not sign in (first: ${failed[0]})`);
    });
  }
  await writeCache(cache);
  return names.map((name) => cache.shoppers[name]!);
}
