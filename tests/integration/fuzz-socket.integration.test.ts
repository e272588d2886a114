import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { io as connect, type Socket } from "socket.io-client";
import { warmCouponSale } from "@/server/features/inventory/warm-coupon-sale";
import { closeConnections } from "@/server/infra/close-connections";
import { redis } from "@/server/infra/redis";
import { WATCHED_COUPONS_KEY } from "@/server/realtime/stock-broadcaster";
import { demoUsers, passwordGrant } from "@/tests/support/keycloak-tokens";
import { createCoupon } from "@/tests/support/sale-fixtures";

/**
 * Hostile Socket.IO traffic at both namespaces of the running stack, through NGINX and straight at an instance:
 * junk payloads and acks, oversized frames, floods and forged tokens are answered or ignored, and no instance stops.
 */
const bases = ["http://127.0.0.1:8080", "http://127.0.0.1:3001"];
const instances = [1, 2, 3] as const;
const sockets: Socket[] = [];
let pidsAtStart: string[] = [];
let loadedCouponId = 0;

async function appPids(): Promise<string[]> {
  return Promise.all(instances.map(async (n) => (await readFile(`.run/pids/app-${n}.pid`, "utf8")).trim()));
}

async function assertInstancesAlive() {
  assert.deepEqual(await appPids(), pidsAtStart, "an app instance was restarted (its pid changed)");
  for (const n of instances) {
    const health = await fetch(`http://127.0.0.1:300${n}/healthz`, { signal: AbortSignal.timeout(5000) });
    assert.equal(health.status, 200, `instance 300${n} /healthz`);
  }
}

function open(url: string, auth?: Record<string, unknown>): Socket {
  const socket = connect(url, { transports: ["websocket"], auth, reconnection: false, forceNew: true, timeout: 5000 });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

/** The ack of one emit, or "none" when the server did not answer within the time. */
function emitWithAck(socket: Socket, event: string, args: unknown[], timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("none"), timeoutMs);
    socket.emit(event, ...args, (answer: unknown) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  pidsAtStart = await appPids();
  await assertInstancesAlive();
  loadedCouponId = await createCoupon({ stock: 7 });
  await warmCouponSale(loadedCouponId);
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  await closeConnections();
});

const junkId = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN, 2 ** 64),
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.object({ maxDepth: 1 }),
);
const watchPayload = fc.oneof(
  fc.record({ couponIds: fc.array(junkId, { maxLength: 40 }) }),
  fc.record({ couponIds: fc.array(fc.integer({ min: 1, max: 2 ** 40 }), { maxLength: 30 }) }),
  fc.record({ couponIds: fc.constantFrom("1,2,3", null, 7, { length: 1e9 }) }),
  fc.anything({ maxDepth: 3 }),
  fc.constant({ couponIds: Array.from({ length: 1500 }, (_, i) => i + 1) }),
);

describe("hostile Socket.IO input against the running stack", () => {
  it("when random payloads, events and ack shapes hit /public and /, anonymous or with a real token, then answers stay well-formed", async () => {
    const token = await passwordGrant(demoUsers.bob.email, demoUsers.bob.password);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const socketsByTarget = new Map<string, Socket>();
    const socketFor = async (url: string, auth?: Record<string, unknown>) => {
      const existing = socketsByTarget.get(url);
      if (existing?.connected) return existing;
      const socket = open(url, auth);
      await connected(socket);
      socketsByTarget.set(url, socket);
      return socket;
    };
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...bases),
          fc.constantFrom("/public", "/"),
          fc.constantFrom(
            "watch",
            "watch",
            "purchase",
            "payment_update",
            "stock_update",
            "connect_me",
            "x".repeat(500),
          ),
          watchPayload,
          fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 2 }),
          fc.boolean(),
          async (base, namespace, event, payload, extra, wantsAck) => {
            const socket = await socketFor(`${base}${namespace}`, namespace === "/" ? { token } : undefined);
            if (!wantsAck || event !== "watch" || namespace !== "/public") {
              socket.emit(event, payload, ...extra);
              return;
            }
            const answer = await emitWithAck(socket, event, [payload]);
            assert.ok(typeof answer === "object" && answer !== null, `watch ack: ${JSON.stringify(answer)}`);
            const { error, watching } = answer as { error?: unknown; watching?: unknown };
            assert.ok(
              (typeof error === "string" && ["BAD_REQUEST", "RATE_LIMITED"].includes(error)) ||
                (typeof watching === "number" && watching <= 20),
              `watch ack: ${JSON.stringify(answer)}`,
            );
          },
        ),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed, endOnFailure: true },
      );
    } catch (error) {
      console.error(`fuzz-socket failed with seed ${seed} (rerun with FUZZ_SEED=${seed})`);
      throw error;
    }
    await sleep(300);
    await assertInstancesAlive();
  });

  it("when a watch names more than 20 ids, or ids that are not positive integers, then BAD_REQUEST and no id joins the broadcaster's set", async () => {
    for (const base of bases) {
      const socket = open(`${base}/public`);
      await connected(socket);
      const unknownIds = Array.from({ length: 21 }, (_, i) => 990_000_000_000 + i);
      assert.deepEqual(await emitWithAck(socket, "watch", [{ couponIds: unknownIds }]), {
        error: "BAD_REQUEST",
        message: "Send { couponIds: [...] } with at most 20 positive whole numbers.",
      });
      for (const couponIds of [[0], [-1], [1.5], ["1"], [2 ** 60]]) {
        assert.equal(
          ((await emitWithAck(socket, "watch", [{ couponIds }])) as { error?: string }).error,
          "BAD_REQUEST",
          JSON.stringify(couponIds),
        );
        // Five watch messages a second per socket: pace these so the answer is about the ids, not the rate.
        await sleep(260);
      }
      // Twenty unknown coupons are accepted as a watch, but never reach the global set the broadcaster scans.
      assert.deepEqual(await emitWithAck(socket, "watch", [{ couponIds: unknownIds.slice(0, 20) }]), { watching: 20 });
      const isMember = await Promise.all(
        unknownIds.slice(0, 20).map((id) => redis.sismember(WATCHED_COUPONS_KEY, String(id))),
      );
      assert.ok(
        isMember.every((member) => member === 0),
        "an unknown coupon id joined stock-watch:coupons",
      );
      socket.disconnect();
    }
  });

  it("when a loaded coupon is watched, then its stock arrives and it joins the broadcaster's set", async () => {
    const socket = open(`${bases[1]}/public`);
    await connected(socket);
    const stock = new Promise((resolve) => socket.once("stock_update", resolve));
    assert.deepEqual(await emitWithAck(socket, "watch", [{ couponIds: [loadedCouponId] }]), { watching: 1 });
    assert.deepEqual(await stock, { couponId: loadedCouponId, stock: 7 });
    assert.equal(await redis.sismember(WATCHED_COUPONS_KEY, String(loadedCouponId)), 1);
    socket.disconnect();
  });

  it("when one socket sends a burst of watch messages, then the excess is refused RATE_LIMITED and later ones pass", async () => {
    const socket = open(`${bases[1]}/public`);
    await connected(socket);
    await sleep(1100);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => emitWithAck(socket, "watch", [{ couponIds: [loadedCouponId] }])),
    );
    const refused = answers.filter((a) => (a as { error?: string }).error === "RATE_LIMITED").length;
    assert.ok(refused >= 6, `only ${refused} of 12 refused`);
    await sleep(1100);
    assert.deepEqual(await emitWithAck(socket, "watch", [{ couponIds: [loadedCouponId] }]), { watching: 1 });
    socket.disconnect();
  });

  it("when a frame is larger than 16 KB, then the server drops that socket and keeps serving others", async () => {
    for (const base of bases) {
      const socket = open(`${base}/public`);
      await connected(socket);
      const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      socket.emit("watch", { couponIds: [1], pad: "a".repeat(20 * 1024) });
      assert.match(await closed, /transport (close|error)/);
      const other = open(`${base}/public`);
      await connected(other);
      assert.deepEqual(await emitWithAck(other, "watch", [{ couponIds: [] }]), { watching: 0 });
      other.disconnect();
    }
  });

  it("when the authenticated namespace gets a forged, missing, non-string or huge token, then UNAUTHENTICATED", async () => {
    const forged = ["", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "x".repeat(12_000)];
    for (const base of bases) {
      for (const auth of [
        undefined,
        { token: 42 },
        { token: { $gt: "" } },
        { token: ["a"] },
        ...forged.map((token) => ({ token })),
      ]) {
        const socket = open(`${base}/`, auth);
        const error = await connected(socket).then(
          () => undefined,
          (failure: Error) => failure.message,
        );
        assert.equal(error, "UNAUTHENTICATED", `${base} ${JSON.stringify(auth)?.slice(0, 60)}`);
        socket.disconnect();
        // NGINX admits 10 new sockets a second per address (burst 20); stay under it.
        await sleep(120);
      }
    }
    await assertInstancesAlive();
  });
});
