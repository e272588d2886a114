import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import assert from "node:assert/strict";

function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["server/index.ts"], {
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
});
