import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { couponKeys } from "@/server/keys/coupon-keys";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { createKeycloakUser } from "@/tests/e2e/support/keycloak-admin";
import { passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon, waitForNoPending, waitForSettled } from "@/tests/support/sale-fixtures";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";

/**
 * Load shedding at the edge: NGINX admits at most `max_conns` purchases in flight per instance and
 * answers the rest at once with 503 TRY_AGAIN_LATER. To make "every instance is full" deterministic, the
 * instances are frozen with SIGSTOP (a saturated CPU, taken to the limit): the kernel still accepts NGINX's
 * connections, so the admitted requests sit at the instances, and everything beyond the cap must come back
 * while they are still frozen.
 */
// The benchmark's listener: the same admission limit, without the per-client limits in front of it (one token
// fires every request here).
const base = benchListenerUrl;
const nginxLog = "logs/nginx.log";
const appPidFiles = ["app-1", "app-2", "app-3"].map((name) => `.run/pids/${name}.pid`);

function purchaseCapPerInstance(): { perInstance: number; instances: number } {
  const config = readFileSync("nginx.conf", "utf8");
  const block = /upstream app_purchase \{([^}]*)\}/.exec(config)?.[1] ?? "";
  const caps = [...block.matchAll(/max_conns=(\d+)/g)].map((match) => Number(match[1]));
  assert.ok(caps.length > 0, "nginx.conf has an app_purchase upstream with max_conns");
  return { perInstance: caps[0]!, instances: caps.length };
}

function signalInstances(signal: "SIGSTOP" | "SIGCONT") {
  for (const file of appPidFiles) process.kill(-Number(readFileSync(file, "utf8").trim()), signal);
}

let token: string;
let userId: string;

let closeBenchListener: () => Promise<void> = () => Promise.resolve();

before(async () => {
  closeBenchListener = await openBenchListener();
  const shopper = await createKeycloakUser();
  token = await passwordGrant(shopper.email, shopper.password);
  // One request per instance first, so the users row exists and each instance has verified the token.
  for (let i = 0; i < 3; i += 1) {
    const me = await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    userId = ((await me.json()) as { id: string }).id;
  }
});

after(async () => {
  await closeBenchListener();
  await closeConnections();
});

describe("purchase admission at NGINX", () => {
  it("when every instance holds its cap of purchases, then the excess gets 503 TRY_AGAIN_LATER at once and nothing is lost", async () => {
    const { perInstance, instances } = purchaseCapPerInstance();
    const admitted = perInstance * instances;
    const excess = 58;
    const couponId = await createCoupon({ stock: 5, price: 100 });
    await warmCouponSale(couponId);

    const logOffset = statSync(nginxLog).size;
    const answers: { status: number; error?: string; retryAfter: string | null; whileFrozen: boolean }[] = [];
    let frozen = true;
    signalInstances("SIGSTOP");
    let requests: Promise<void>[] = [];
    try {
      requests = Array.from({ length: admitted + excess }, async () => {
        const response = await fetch(`${base}/api/coupons/${couponId}/purchase`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await response.json()) as { error?: string };
        answers.push({
          status: response.status,
          error: body.error,
          retryAfter: response.headers.get("retry-after"),
          whileFrozen: frozen,
        });
      });
      const deadline = Date.now() + 10_000;
      while (answers.length < excess && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      // A moment more: a request NGINX had queued instead of refusing would show up here as a late answer.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      frozen = false;
      signalInstances("SIGCONT");
    }
    await Promise.all(requests);

    const shed = answers.filter((answer) => answer.status === 503);
    assert.equal(shed.length, excess, "exactly the requests beyond the cap are shed");
    assert.ok(
      shed.every((answer) => answer.whileFrozen),
      "every shed answer came back while the instances were frozen",
    );
    assert.ok(shed.every((answer) => answer.error === "TRY_AGAIN_LATER" && answer.retryAfter === "1"));

    const served = answers.filter((answer) => answer.status !== 503);
    assert.ok(
      served.every((answer) => !answer.whileFrozen),
      "no admitted request was answered by anyone but an instance",
    );
    assert.equal(served.filter((answer) => answer.status === 202).length, 1);
    // One user: past the per-user burst, purchase.lua answers RATE_LIMITED instead of ALREADY_PURCHASED.
    assert.equal(
      served.filter((answer) => answer.error === "ALREADY_PURCHASED" || answer.error === "RATE_LIMITED").length,
      admitted - 1,
    );

    // Shedding is the limit doing its job: no error-log line per shed request (at twice the maximum that was
    // tens of thousands of lines a second).
    const logged = readFileSync(nginxLog).subarray(logOffset).toString("utf8");
    assert.doesNotMatch(logged, /no live upstreams/);

    // The one accepted order settles; the shed requests left no trace in Redis.
    const [order] = await waitForSettled(couponId, 1);
    assert.equal(order?.status, "PAID");
    await waitForNoPending(couponId);
    const keys = couponKeys(couponId);
    assert.deepEqual(await redis.smembers(keys.buyers), [userId]);
    assert.equal(await redis.get(keys.stock), "4");
  });
});
