import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import assert from "node:assert/strict";

function runServer(
  env: Record<string, string>,
  entry = "server/index.ts",
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", [entry], {
      env: { ...process.env, NODE_ENV: "production", PORT: "3999", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the server kept running despite the bad configuration"));
    }, 30_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("configuration validation at start-up", () => {
  it("when REDIS_URL is not a URL, then the server exits non-zero naming REDIS_URL, without a stack trace", async () => {
    const { code, stderr } = await runServer({ REDIS_URL: "not-a-url" });
    assert.notEqual(code, 0);
    assert.match(stderr, /REDIS_URL/);
    assert.doesNotMatch(stderr, /\n\s+at /, `no stack frames expected, got:\n${stderr}`);
  });

  it("when two variables are invalid, then the message names both", async () => {
    const { code, stderr } = await runServer({ REDIS_URL: "not-a-url", DB_POOL_SIZE: "zero" });
    assert.notEqual(code, 0);
    assert.match(stderr, /REDIS_URL/);
    assert.match(stderr, /DB_POOL_SIZE/);
  });

  it("when a value is refused, then the message names the variable but never shows the value", async () => {
    const { code, stderr } = await runServer({ REDIS_URL: "redis-password-in-a-bad-url" });
    assert.equal(code, 78);
    assert.match(stderr, /REDIS_URL/);
    assert.doesNotMatch(stderr, /redis-password-in-a-bad-url/);
  });
});

describe("production refuses unsafe configuration", () => {
  const localDefaults = { ALLOW_TEST_CLIENT: "true", FLASHSALE_LOCAL_STACK: "false" };
  const named = [
    "NEXTAUTH_SECRET",
    "KEYCLOAK_CLIENT_SECRET",
    "S3_SECRET_ACCESS_KEY",
    "DATABASE_URL",
    "ALLOW_TEST_CLIENT",
  ];
  const defaults = /dev-only-nextauth-secret-change-me|flashsale-web-dev-secret|S3RVER|flashsale:flashsale/;

  for (const [name, entry] of [
    ["app", "server/index.ts"],
    ["payment worker", "workers/payment-worker.ts"],
  ] as const) {
    it(`when the ${name} starts in production with the development secrets and the test client, then it exits 78 naming each, showing none`, async () => {
      const { code, stderr } = await runServer(localDefaults, entry);
      assert.equal(code, 78);
      for (const variable of named) assert.match(stderr, new RegExp(`${variable}: `));
      assert.doesNotMatch(stderr, defaults);
      assert.doesNotMatch(stderr, /\n\s+at /, "one message, no stack trace");
    });
  }
});
