import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { coupons } from "@/drizzle/schema";
import { catalogueKeys } from "@/server/features/catalogue/catalogue-keys";
import { catalogueQueryCount } from "@/server/features/catalogue/catalogue-repository";
import type { Catalogue } from "@/server/features/catalogue/create-catalogue";
import {
  deleteCoupons,
  deleteKeys,
  insertCoupons,
  testCatalogue,
  uniquePrefix,
} from "@/server/features/catalogue/test-fixtures/catalogue-fixtures";
import { couponKeys } from "@/server/keys/coupon-keys";
import { AppError } from "@/server/errors";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import type { Redis } from "ioredis";
import { env } from "@/server/env";
import { createRedis, redis } from "@/server/infra/redis";

const createdIds: number[] = [];
const prefixes: string[] = [];
const catalogues: Catalogue[] = [];

function fresh(count = 1, options: Parameters<typeof testCatalogue>[1] = {}) {
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const made = Array.from({ length: count }, () => testCatalogue(prefix, options));
  catalogues.push(...made);
  return { prefix, made };
}

async function seed(...args: Parameters<typeof insertCoupons>) {
  const ids = await insertCoupons(...args);
  createdIds.push(...ids);
  return ids;
}

const isTryAgain = (error: unknown) =>
  error instanceof AppError && error.code === "TRY_AGAIN_LATER" && error.retryAfterSeconds === 1;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

after(async () => {
  await Promise.all(catalogues.map((c) => c.close()));
  await deleteCoupons(createdIds);
  for (const prefix of prefixes) await deleteKeys(prefix);
  await closeConnections();
});

describe("catalogue (real Redis and MySQL)", () => {
  it("when 500 requests hit a cold page at once across 5 instances, then MySQL is read exactly once", async () => {
    await seed([{}, {}, {}]);
    const { made } = fresh(5);
    const before = catalogueQueryCount();

    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) => made[i % made.length]!.listCoupons({ page: 1, size: 20 })),
    );

    assert.equal(catalogueQueryCount() - before, 1);
    const served = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    assert.ok(served.length > 0);
    const other = refused.find((r) => !isTryAgain(r.reason));
    assert.ok(
      other === undefined,
      `losers answer 503 TRY_AGAIN_LATER with Retry-After: 1, not ${String(other?.reason)}`,
    );
    const totals = new Set(served.map((r) => r.value.total));
    assert.equal(totals.size, 1, "every winner sees the same page");
  });

  it("when 500 requests hit a cold coupon at once across 5 instances, then its row is read exactly once", async () => {
    const [id] = await seed([{ name: "stampede detail" }]);
    const { made } = fresh(5);
    const before = catalogueQueryCount("coupon");
    const beforeMax = catalogueQueryCount("max_id");

    const results = await Promise.allSettled(
      Array.from({ length: 500 }, (_, i) => made[i % made.length]!.getCoupon(id!)),
    );

    assert.equal(catalogueQueryCount("coupon") - before, 1);
    assert.equal(catalogueQueryCount("max_id") - beforeMax, 1);
    for (const r of results) {
      if (r.status === "fulfilled") assert.equal(r.value.name, "stampede detail");
      else assert.ok(isTryAgain(r.reason));
    }
    assert.ok(results.some((r) => r.status === "fulfilled"));
  });

  // MONITOR watches one node, and a cluster reads live stock with one pipeline per master instead of one MGET.
  const onCluster = env.REDIS_CLUSTER_NODES.length > 0 ? "counts one node's MGET; a Redis Cluster has neither" : false;
  it(
    "when a page is in L1, then serving it reads no L2 content key and no MySQL (only the live-stock MGET)",
    { skip: onCluster },
    async () => {
      const [id] = await seed([{}]);
      const { prefix, made } = fresh(1);
      const catalogue = made[0]!;
      await catalogue.listCoupons({ page: 1, size: 50 }); // warms L2 and L1

      const base = createRedis({ lazyConnect: true }) as Redis;
      const monitor = await base.monitor(); // a second connection, in monitor mode
      const seen: string[][] = [];
      monitor.on("monitor", (_time: string, args: string[]) => seen.push(args));
      await sleep(50);
      const before = catalogueQueryCount();
      const page = await catalogue.listCoupons({ page: 1, size: 50 });
      await sleep(100);
      monitor.disconnect();
      base.disconnect();

      assert.ok(page.items.some((item) => item.id === id));
      assert.equal(catalogueQueryCount() - before, 0, "no MySQL statement");
      const touchingCatalogue = seen.filter((args) => args.some((arg) => arg.startsWith(prefix)));
      assert.deepEqual(touchingCatalogue, [], "no L2 content, version or lock key");
      const mgets = seen.filter((args) => args[0]?.toLowerCase() === "mget" && args.includes(couponKeys(id!).stock));
      assert.equal(mgets.length, 1, "exactly one live-stock round trip");
    },
  );

  it("when the live stock key changes after a purchase, then the warm listing shows it within 1 s", async () => {
    const [id] = await seed([{ stock: 10, totalStock: 10 }]);
    const { prefix, made } = fresh(1);
    const catalogue = made[0]!;
    const find = async () => (await catalogue.listCoupons({ page: 1, size: 50 })).items.find((c) => c.id === id);

    assert.equal((await find())?.stock, 10, "no live key yet: the cached stock, never 0");
    await redis.set(couponKeys(id!).stock, "10");
    await redis.decr(couponKeys(id!).stock);
    const queries = catalogueQueryCount();
    const startedAt = Date.now();
    let seen = await find();
    while (seen?.stock !== 9 && Date.now() - startedAt < 1000) seen = await find();

    assert.equal(seen?.stock, 9);
    assert.ok(Date.now() - startedAt < 1000);
    assert.equal(catalogueQueryCount() - queries, 0, "the page came from cache");
    const version = Number((await redis.get(catalogueKeys(prefix).version)) ?? 0);
    assert.equal(await redis.exists(catalogueKeys(prefix).pageMeta(version, 50, 1)), 1, "page list cache still warm");

    await redis.set(couponKeys(id!).stock, "0");
    assert.equal((await find())?.status, "SOLD_OUT");
  });

  it("when the live-stock option is off, then the cached stock is served", async () => {
    const [id] = await seed([{ stock: 7, totalStock: 7 }]);
    await redis.set(couponKeys(id!).stock, "3");
    const { made } = fresh(1, { liveStock: false });
    const item = (await made[0]!.listCoupons({ page: 1, size: 50 })).items.find((c) => c.id === id);
    assert.equal(item?.stock, 7);
  });

  it("when an admin edit is invalidated, then all 3 instances serve the new text within 1 s", async () => {
    const [id] = await seed([{ name: "before edit" }]);
    const { made } = fresh(3);
    await Promise.all(made.map((c) => c.startInvalidationListener()));
    for (const c of made) assert.equal((await c.getCoupon(id!)).name, "before edit");
    await db.update(coupons).set({ name: "after edit" }).where(eq(coupons.id, id!));
    for (const c of made) assert.equal((await c.getCoupon(id!)).name, "before edit", "cached until invalidated");

    const startedAt = Date.now();
    await made[0]!.invalidateCoupon(id!);
    const names = await Promise.all(
      made.map(async (c) => {
        for (;;) {
          const name = await c.getCoupon(id!).then(
            (v) => v.name,
            () => "unavailable",
          );
          if (name === "after edit" || Date.now() - startedAt > 1000) return name;
          await sleep(10);
        }
      }),
    );

    assert.deepEqual(names, ["after edit", "after edit", "after edit"]);
    assert.ok(Date.now() - startedAt <= 1000);
    const listed = (await made[2]!.listCoupons({ page: 1, size: 50 })).items.find((c) => c.id === id);
    assert.equal(listed?.name, "after edit", "page lists are retired too");
  });

  it("when 10,000 requests ask for random non-existent ids, then MySQL is reached at most a handful of times", async () => {
    const [gone] = await seed([{}]);
    await deleteCoupons([gone!]); // a hole below the max id: the negative cache covers it
    const [maxId] = await seed([{}]);
    const { made } = fresh(3);
    const before = catalogueQueryCount();

    const ids = new Set<number>();
    while (ids.size < 9_000) ids.add(maxId! + 1 + Math.floor(Math.random() * 1e12));
    const requests = [...ids, ...Array.from({ length: 1_000 }, () => gone!)];
    let notFound = 0;
    for (let i = 0; i < requests.length; i += 500) {
      const batch = requests.slice(i, i + 500);
      const results = await Promise.allSettled(batch.map((id, j) => made[j % 3]!.getCoupon(id)));
      notFound += results.filter(
        (r) => r.status === "rejected" && r.reason instanceof AppError && r.reason.code === "NOT_FOUND",
      ).length;
    }

    const queries = catalogueQueryCount() - before;
    assert.ok(queries >= 1 && queries <= 4, `MySQL reached ${queries} times`);
    assert.ok(notFound >= 9_900, `${notFound} of 10,000 answered 404 (the rest 503 while a rebuild ran)`);
  });

  it("when 5,000 requests ask for random pages past the end, then MySQL counts once instead of reading each page", async () => {
    await seed([{}]);
    const { made } = fresh(3);
    const before = catalogueQueryCount();
    const results = await Promise.allSettled(
      Array.from({ length: 5_000 }, (_, i) =>
        made[i % 3]!.listCoupons({
          page: 1_000 + Math.floor(Math.random() * 9_000),
          size: 1 + Math.floor(Math.random() * 100),
        }),
      ),
    );
    const queries = catalogueQueryCount() - before;
    assert.ok(queries >= 1 && queries <= 2, `MySQL reached ${queries} times`);
    const served = results.filter((r) => r.status === "fulfilled");
    assert.ok(served.length > 4_500 && served.every((r) => r.value.items.length === 0 && r.value.total > 0));
  });

  it("when a coupon is disabled, then it is neither listed nor found; a paused one is listed as PAUSED", async () => {
    const [disabled, paused] = await seed([
      { saleState: "DISABLED" },
      { saleState: "PAUSED", imageKey: "coupons/x/y.png" },
    ]);
    const { made } = fresh(1);
    const page = await made[0]!.listCoupons({ page: 1, size: 100 });
    assert.equal(
      page.items.some((c) => c.id === disabled),
      false,
    );
    const listed = page.items.find((c) => c.id === paused);
    assert.equal(listed?.status, "PAUSED");
    assert.match(listed?.imageUrl ?? "", /\/coupons\/x\/y\.png$/);
    await assert.rejects(made[0]!.getCoupon(disabled!), (e) => e instanceof AppError && e.code === "NOT_FOUND");
    const beyond = await made[0]!.listCoupons({ page: 10_000, size: 100 });
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.total, page.total);
  });

  it("when the lock holder is killed mid-rebuild, then the lock expires within its lease and the next request rebuilds", async () => {
    await seed([{}]);
    const { prefix, made } = fresh(1, { lockWaitMs: 50 });
    const leaseMs = 1000;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "server/features/catalogue/test-fixtures/hold-rebuild-lock.ts", prefix, String(leaseMs)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, "line")) as [string];
    assert.equal(line, "rebuilding");
    const lockKey = catalogueKeys(prefix).lock(catalogueKeys(prefix).pageList(0, 5, 1));

    await sleep(leaseMs * 2.2); // the watchdog must keep a working holder's lock beyond its lease
    assert.equal(await redis.exists(lockKey), 1, "lease extended while the holder works");
    await assert.rejects(made[0]!.listCoupons({ page: 1, size: 5 }), isTryAgain);

    child.kill("SIGKILL");
    await once(child, "exit");
    const killedAt = Date.now();
    while ((await redis.exists(lockKey)) === 1) await sleep(20);
    const expiredAfter = Date.now() - killedAt;
    assert.ok(expiredAfter <= leaseMs + 100, `lock expired ${expiredAfter} ms after the kill`);

    const before = catalogueQueryCount("page");
    const page = await made[0]!.listCoupons({ page: 1, size: 5 });
    assert.equal(catalogueQueryCount("page") - before, 1);
    assert.ok(page.items.length > 0);
  });
});
