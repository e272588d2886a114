import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";

/**
 * The realm's login theme (infra/keycloak/themes/flashsale) as a browser gets it from the stack's Keycloak: the
 * shop's stylesheet, the password rules before anything is submitted, and the way back to the shop. Reads the
 * realm file for what to expect, so a changed policy or client changes the assertions with it.
 */
const issuer = process.env.KEYCLOAK_ISSUER ?? "http://localhost:8180/realms/flashsale";
const shopUrl = process.env.E2E_BASE_URL ?? "http://localhost:8080";
const webClientId = "flashsale-web";

interface RealmFile {
  passwordPolicy: string;
  clients: { clientId: string; redirectUris: string[] }[];
}

const realmFile = JSON.parse(
  await readFile(new URL("../../infra/keycloak/flashsale-realm.json", import.meta.url), "utf8"),
) as RealmFile;

/** The start of an authorization-code flow as next-auth sends it (the client requires PKCE). */
function flowQuery(): string {
  const redirectPattern = realmFile.clients.find((c) => c.clientId === webClientId)?.redirectUris[0];
  assert.ok(redirectPattern, `${webClientId} has a redirect URI in the realm file`);
  const verifier = randomBytes(32).toString("base64url");
  return new URLSearchParams({
    client_id: webClientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: redirectPattern.replace(/\*$/, "api/auth/callback/keycloak"),
    code_challenge_method: "S256",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    state: randomBytes(8).toString("hex"),
  }).toString();
}

async function getPage(endpoint: "auth" | "registrations"): Promise<string> {
  const response = await fetch(`${issuer}/protocol/openid-connect/${endpoint}?${flowQuery()}`, { redirect: "manual" });
  assert.equal(response.status, 200, `${endpoint} page answers 200 (a redirect means the flow was refused)`);
  return response.text();
}

/** The value of `attribute` on the element with this id (Keycloak writes attributes in double quotes). */
function attributeOf(html: string, id: string, attribute: string): string | undefined {
  const tag = new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  return tag && new RegExp(`\\b${attribute}="([^"]*)"`).exec(tag)?.[1]?.replaceAll("&amp;", "&");
}

function policyValue(name: string): number | undefined {
  const match = new RegExp(`\\b${name}\\((\\d+)\\)`).exec(realmFile.passwordPolicy);
  return match ? Number(match[1]) : undefined;
}

function assertBackToShop(html: string) {
  const href = attributeOf(html, "flashsale-back-to-shop", "href");
  assert.ok(href, "the page has the back-to-shop link");
  assert.equal(new URL(href).origin, new URL(shopUrl).origin, "the link leads to the shop, not to Keycloak");
}

describe("Keycloak login theme", () => {
  it("when the registration page opens, then it links the shop's stylesheet and Keycloak serves it", async () => {
    const html = await getPage("registrations");

    const href = /<link href="([^"]*\/login\/flashsale\/css\/flashsale\.css)" rel="stylesheet"/.exec(html)?.[1];
    assert.ok(href, "flashsale.css of the flashsale login theme is linked");
    const css = await fetch(new URL(href, issuer));
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
    assert.match(html, /<html[^>]*\blang="en"/, "the page declares its language");
    assert.match(html, /⚡ Flash Sale/, "the shop's brand is in the header");
  });

  it("when the registration page opens, then the realm's password rules are listed before anything is submitted", async () => {
    const html = await getPage("registrations");
    const minLength = policyValue("length");
    const digits = policyValue("digits");
    assert.ok(minLength !== undefined && digits !== undefined, "the realm file's policy sets length and digits");

    const rules = /<div id="flashsale-password-rules"[\s\S]*?<\/ul>/.exec(html)?.[0];
    assert.ok(rules, "the rules block is on the page");
    assert.match(rules, new RegExp(`at least ${minLength} characters`));
    assert.match(rules, new RegExp(`at least ${digits} digit`));
    if (/\bnotEmail\b/.test(realmFile.passwordPolicy)) assert.match(rules, /different from your email address/);
    assert.doesNotMatch(html, /id="input-error-password"/, "no password error yet: the rules come before any failure");
    assert.match(html, /<label for="password"/, "the password field keeps its label");
  });

  it("when the registration page opens, then its back-to-shop link points to the shop", async () => {
    assertBackToShop(await getPage("registrations"));
  });

  it("when the sign-in page opens, then it has the theme and the back-to-shop link", async () => {
    const html = await getPage("auth");
    assert.match(html, /\/login\/flashsale\/css\/flashsale\.css/);
    assertBackToShop(html);
  });
});
