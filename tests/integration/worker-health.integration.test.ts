import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { waitFor } from "@/tests/support/wait-for";

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("payment worker health and metrics", { timeout: 90_000 }, () => {
  it("when the worker runs, then /healthz reports its consumer, /metrics exports the settlement series, and SIGTERM stops it cleanly", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "workers/payment-worker.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, WORKER_PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    const base = `http://127.0.0.1:${port}`;

    const health = await waitFor(
      async () => {
        const response = await fetch(`${base}/healthz`).catch(() => undefined);
        if (!response) return undefined;
        const body = (await response.json()) as { status: string; lag: number | null };
        // Healthy once joined; the first lag measurement follows moments later.
        return body.status === "ok" && typeof body.lag === "number" ? { status: response.status, body } : undefined;
      },
      60_000,
      "the worker reported a healthy consumer",
      200,
    );
    assert.equal(health.status, 200);

    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get("content-type") ?? "", /^text\/plain/);
    const text = await metrics.text();
    for (const series of [
      "orders_settled_total",
      "orders_dead_lettered_total",
      "settlement_retries_total",
      "payment_consumer_lag",
      "pending_orders_republished_total",
      "sale_audit_drift",
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${series} `, "m"), `${series} is exported`);
    }
    assert.match(text, /^payment_consumer_healthy\{[^}]*\} 1$/m);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);

    child.kill("SIGTERM");
    assert.equal(await exited(child), 0);
  });
});
