import assert from "node:assert/strict";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import { couponKeys } from "@/server/keys/coupon-keys";
import { closeConnections } from "@/server/infra/close-connections";
import { instanceId } from "@/server/infra/instance";
import { redis } from "@/server/infra/redis";
import { socketServerKey } from "@/server/features/orders/socket-presence";
import { publishPaymentUpdate, recentUpdatesKey } from "@/server/realtime/payment-updates";
import { startRealtime, type Realtime } from "@/server/realtime/start-realtime";
import type { PaymentUpdateMessage, StockUpdateMessage } from "@/server/realtime/types";
import { demoUsers, passwordGrant } from "@/tests/support/keycloak-tokens";

/** One real Socket.IO server on port 0 over the real Redis; clients are real socket.io-client websockets. */
let http: HttpServer;
let realtime: Realtime;
let url: string;
const sockets: Socket[] = [];

function open(namespace: string, auth?: Record<string, string>): Socket {
  const socket = connect(`${url}${namespace}`, {
    transports: ["websocket"],
    auth,
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
}

function nextEvent<T>(socket: Socket, event: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

before(async () => {
  http = createServer();
  realtime = await startRealtime(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

after(async () => {
  for (const socket of sockets) socket.disconnect();
  await realtime.close();
  await closeConnections();
});

describe("realtime server", () => {
  it("when a handshake carries no token or a forged one, then the connection is refused", async () => {
    await assert.rejects(connected(open("/")), /UNAUTHENTICATED/);
    await assert.rejects(connected(open("/", { token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." })), /UNAUTHENTICATED/);
  });

  it("when a shopper connects, then this instance is recorded as holding the socket and its results are pushed", async () => {
    const token = await passwordGrant(demoUsers.bob.email, demoUsers.bob.password);
    await redis.del(recentUpdatesKey(demoUsers.bob.id));
    const socket = open("/", { token });
    await connected(socket);
    await waitFor(async () => (await redis.get(socketServerKey(demoUsers.bob.id))) === instanceId, 1000);

    const received = nextEvent<PaymentUpdateMessage>(socket, "payment_update", 1000);
    const orderId = `rt-${Date.now()}`;
    await publishPaymentUpdate(redis, instanceId, {
      orderId,
      userId: demoUsers.bob.id,
      couponId: 7,
      couponName: "Spa day",
      status: "PAID",
      credit: 4200,
    });
    const message = await received;
    assert.equal(message.orderId, orderId);
    assert.equal(message.status, "PAID");
    assert.equal(message.credit, 4200);
    assert.equal(message.couponName, "Spa day", "the browser can name the coupon");
    assert.equal(
      (message as unknown as { userId?: string }).userId,
      undefined,
      "the user id is not echoed to the browser",
    );

    socket.disconnect();
    await waitFor(async () => (await redis.get(socketServerKey(demoUsers.bob.id))) === null, 1000);
  });

  it("when a shopper reconnects, then results published while away are replayed", async () => {
    const token = await passwordGrant(demoUsers.carol.email, demoUsers.carol.password);
    await redis.del(recentUpdatesKey(demoUsers.carol.id));
    const orderId = `rt-missed-${Date.now()}`;
    // Published while no socket was open: Pub/Sub drops it, the replay list keeps it.
    await publishPaymentUpdate(redis, "some-gone-instance", {
      orderId,
      userId: demoUsers.carol.id,
      couponId: 9,
      couponName: "Cinema night",
      status: "FAILED",
      failureReason: "INSUFFICIENT_CREDIT",
      credit: 500,
    });
    const socket = open("/", { token });
    const replayed = nextEvent<PaymentUpdateMessage>(socket, "payment_update", 2000);
    await connected(socket);
    const message = await replayed;
    assert.equal(message.orderId, orderId);
    assert.equal(message.replayed, true);
    assert.equal(message.failureReason, "INSUFFICIENT_CREDIT");
  });

  it("when stock changes 1,000 times in two seconds, then a watcher gets a bounded number of updates ending on the final stock", async () => {
    const couponId = 900_000_000 + Math.floor(Math.random() * 1_000_000);
    const stockKey = couponKeys(couponId).stock;
    await redis.set(stockKey, 1000);
    const watcher = open("/public");
    await connected(watcher);
    const updates: StockUpdateMessage[] = [];
    watcher.on("stock_update", (message: StockUpdateMessage) => updates.push(message));
    const first = nextEvent<StockUpdateMessage>(watcher, "stock_update", 1000);
    watcher.emit("watch", { couponIds: [couponId] });
    assert.equal((await first).stock, 1000, "a new watcher gets the current stock at once");

    const started = Date.now();
    for (let sold = 1; sold <= 1000; sold++) {
      await redis.decr(stockKey);
      if (sold % 100 === 0) await sleep(200);
    }
    const elapsedSeconds = (Date.now() - started) / 1000;
    await waitFor(async () => updates.at(-1)?.stock === 0, 2000);

    const mine = updates.filter((u) => u.couponId === couponId);
    assert.equal(mine.at(-1)?.stock, 0);
    // At most one broadcast per 250 ms tick, plus the initial snapshot and a tick of slack at each end.
    assert.ok(
      mine.length <= Math.ceil(elapsedSeconds * 4) + 4,
      `${mine.length} updates in ${elapsedSeconds.toFixed(1)} s`,
    );
    assert.ok(mine.length >= 2, "changes were broadcast during the sale");
    await redis.del(stockKey);
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await sleep(20);
  }
  assert.fail(`condition not met within ${timeoutMs} ms`);
}
