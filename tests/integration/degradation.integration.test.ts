import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/mysql2";
import { SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair } from "jose";
import { createTokenVerifier, remoteKeySetOptions } from "@/server/features/identity/verify-access-token";
import { redisEpochKey, warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import type { OrderPublisher } from "@/server/features/orders/order-publisher";
import { purchaseCoupon } from "@/server/features/orders/purchase-coupon";
import { toErrorResponse } from "@/server/http/error-response";
import { closeConnections } from "@/server/infra/close-connections";
import { createServicePool } from "@/server/infra/db";
import { createCommandRedis } from "@/server/infra/redis";
import { createCoupon, createUsers } from "@/tests/support/sale-fixtures";

/*
 * Each dependency is replaced by one this test controls: a Redis of its own (paused with SIGSTOP, then killed),
 * a TCP server that accepts and never answers (a hung MySQL, a hung Keycloak), a port nobody listens on.
 * The shared stack's services are never touched.
 */

const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  await closeConnections();
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

/** Accepts connections and never says a word: the worst kind of dependency. */
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

async function startRedis(): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "degradation-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    {
      stdio: "ignore",
    },
  );
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGCONT");
      child.kill("SIGKILL");
    }
  });
  return { child, port };
}

/** Runs `call`, expecting it to fail; returns what a client would see and how long it took. */
async function answerTo(call: () => Promise<unknown>) {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { ...toErrorResponse(error), ms: performance.now() - started };
  }
  assert.fail("the call succeeded although its dependency was down");
}

const publisher: OrderPublisher = {
  publish: async () => undefined,
  publishNow: async () => undefined,
  close: async () => undefined,
};

describe("degradation when a dependency fails", { timeout: 60_000 }, () => {
  it("when Redis is paused, then a purchase answers 503 with Retry-After within a second, and again once Redis is killed; after a pause the next purchase succeeds", async () => {
    const { child, port } = await startRedis();
    const client = createCommandRedis({}, `redis://127.0.0.1:${port}/0`);
    cleanups.push(() => client.disconnect());
    await new Promise((resolve) => client.once("ready", resolve));
    // A Redis that has held data for long: the warm-up loads a new sale at once.
    await client.set(redisEpochKey, String(Date.now() - 3_600_000));
    const couponId = await createCoupon({ stock: 5 });
    const users = await createUsers(3);
    assert.equal((await warmCouponSale(couponId, { redis: client })).status, "loaded");
    const buy = (userId: string) => purchaseCoupon({ userId, couponId }, { redis: client, publisher });

    child.kill("SIGSTOP");
    const paused = await answerTo(() => buy(users[0]!));
    child.kill("SIGCONT");
    assert.equal(paused.status, 503);
    assert.equal(paused.body.error, "TRY_AGAIN_LATER");
    assert.equal(paused.headers["retry-after"], "1");
    assert.ok(paused.ms < 1_000, `answered after ${Math.round(paused.ms)} ms`);

    // The process and its client live on: Redis is back, and so is selling.
    assert.equal((await buy(users[1]!)).status, "PENDING");

    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const dead = await answerTo(() => buy(users[2]!));
    assert.equal(dead.status, 503);
    assert.equal(dead.headers["retry-after"], "1");
    assert.ok(dead.ms < 1_000, `answered after ${Math.round(dead.ms)} ms`);
  });

  it("when MySQL hangs during the handshake or refuses connections, then a query fails as 503 with Retry-After within a second", async () => {
    for (const port of [await silentServer(), await freePort()]) {
      const pool = createServicePool(`mysql://flashsale:secret@127.0.0.1:${port}/flashsale`, 2);
      cleanups.push(() => pool.end());
      const answer = await answerTo(() => drizzle(pool).execute(sql`SELECT 1`));
      assert.equal(answer.status, 503, JSON.stringify(answer.body));
      assert.equal(answer.headers["retry-after"], "2");
      assert.ok(answer.ms < 1_000, `port ${port}: answered after ${Math.round(answer.ms)} ms`);
    }
  });

  it("when MySQL's pool is exhausted by hung connections, then the next request gives up within a second instead of queueing forever", async () => {
    const port = await silentServer();
    const pool = createServicePool(`mysql://flashsale:secret@127.0.0.1:${port}/flashsale`, 1, {
      connectTimeoutMs: 5_000,
    });
    cleanups.push(() => pool.end());
    const answer = await answerTo(() => drizzle(pool).execute(sql`SELECT 1`));
    assert.equal(answer.status, 503);
    assert.ok(answer.ms < 1_000, `answered after ${Math.round(answer.ms)} ms`);
  });

  it("when Keycloak's key set cannot be fetched, then a token is answered 503 within a second, not 401; a bad token is still 401", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const issuer = "http://issuer.test/realms/flashsale";
    const token = await new SignJWT({
      typ: "Bearer",
      azp: "web",
      sub: "user-1",
      aud: "api",
      email: "user-1@example.test",
    })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);

    const hung = await silentServer();
    const closed = await freePort();
    const broken = createHttpServer((_req, res) => res.writeHead(502).end());
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => broken.close(resolve)));
    const brokenPort = (broken.address() as { port: number }).port;

    for (const port of [hung, closed, brokenPort]) {
      const verify = createTokenVerifier({
        jwks: createRemoteJWKSet(new URL(`http://127.0.0.1:${port}/certs`), remoteKeySetOptions),
        issuer,
        audience: "api",
        allowedClients: ["web"],
      });
      const answer = await answerTo(() => verify(token));
      assert.equal(answer.status, 503, `port ${port}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error, "TRY_AGAIN_LATER");
      assert.ok(Number(answer.headers["retry-after"]) >= 1);
      assert.ok(answer.ms < 1_000, `port ${port}: answered after ${Math.round(answer.ms)} ms`);
      assert.equal((await answerTo(() => verify("not.a.token"))).status, 401);
    }

    // The same verifier with a reachable key set accepts the token: the 503 was about Keycloak, not the token.
    const serving = createHttpServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => serving.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => serving.close(resolve)));
    const verify = createTokenVerifier({
      jwks: createRemoteJWKSet(
        new URL(`http://127.0.0.1:${(serving.address() as { port: number }).port}/certs`),
        remoteKeySetOptions,
      ),
      issuer,
      audience: "api",
      allowedClients: ["web"],
    });
    assert.equal((await verify(token)).id, "user-1");
  });
});
