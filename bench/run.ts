import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createCatalogue } from "@/server/features/catalogue/create-catalogue";
import { env } from "@/server/env";
import { closeConnections } from "@/server/infra/close-connections";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { mapLimit, sleep } from "@/bench/concurrency";
import { cpuBetween, findStackProcesses, sampleCpu, type CpuUsage } from "@/bench/cpu";
import { purchaseRequest, runPhase, type PhaseResult } from "@/bench/http-phase";
import { newHistogram, summarize, type LatencySummary } from "@/bench/load";
import { instancePorts, warmInstances } from "@/bench/instances";
import { nextDoorHeader } from "@/bench/door";
import { openSockets, type NotificationResult } from "@/bench/notifications";
import { OptionsError, parseOptions, type BenchOptions } from "@/bench/options";
import { createProgress } from "@/bench/progress";
import { redisCeilings } from "@/bench/redis-ceiling";
import { formatRatio, markdownTable, ratio, renderChart, table, type StrategyRow } from "@/bench/report";
import {
  checkSale,
  createBenchCoupon,
  releaseStaleShopperEmails,
  retireBenchCoupon,
  waitForSettlement,
  type SaleCheck,
  type Settlement,
} from "@/bench/sale";
import { benchEmail, loadShoppers, restorePasswordPolicy, type Shopper } from "@/bench/shoppers";
import { storageLevel, type StorageResult } from "@/bench/storage-level";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";
import { fairShareHeld, noisyNeighbourMarkdown, runNoisyNeighbour } from "@/bench/noisy-neighbour";
import { strategyNames } from "@/bench/strategies/mysql-strategies";

/**
 * `npm run bench`: a real flash sale through NGINX, our Redis + Lua purchase against three MySQL
 * strategies in the same harness, ceilings, notification latency and browsing, in one run. See bench/README.md.
 * Exit codes: 0 all invariants held, 1 an invariant broke (or the run failed), 2 the stack is not running.
 */

const runId = randomUUID().slice(0, 8);
const resultsDir = path.join(process.cwd(), "bench", "results");
const BARE_PORT = 3009;
const routeHandlerStrategy = "redis-lua via route handler";
const nextDoor = { [nextDoorHeader]: "next" };
const directPrefix = "/bench/direct";
/** The peer system (Express + Redis Lua through NGINX, measured on this machine family). */
const PEER_PURCHASES_PER_SECOND = 2_500;

interface SaleRun {
  strategy: string;
  couponId: number;
  phase: PhaseResult;
  settlement?: Settlement;
  check: SaleCheck;
}

const coupons: { id: number; warmed: boolean }[] = [];
let closeBenchListener: (() => Promise<void>) | undefined;
let bare: ChildProcess | undefined;

async function get(
  url: string,
  timeoutMs = 3000,
): Promise<{ status: number; body: string; headers: Headers } | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text(), headers: response.headers };
  } catch {
    return undefined;
  }
}

async function checkStack(base: string): Promise<string[]> {
  const problems: string[] = [];
  if ((await get(`${base}/healthz`))?.status !== 200)
    problems.push(`${base}/healthz does not answer 200 (NGINX / app instances)`);
  if ((await get(`${env.KEYCLOAK_ISSUER}/.well-known/openid-configuration`))?.status !== 200)
    problems.push(`Keycloak ${env.KEYCLOAK_ISSUER} is not reachable`);
  await pool.query("SELECT 1").catch(() => problems.push("MariaDB is not reachable"));
  await Promise.race([redis.ping(), sleep(2000).then(() => Promise.reject(new Error("timeout")))]).catch(() =>
    problems.push("Redis is not reachable"),
  );
  return problems;
}

/** The process listening on a loopback port (for CPU when the bench targets one instance directly). */
function listeningPid(port: number): number | undefined {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

async function startBare(): Promise<void> {
  bare = fork(path.join(process.cwd(), "bench", "bare-server.ts"), [String(BARE_PORT)], {
    execArgv: ["--import", "tsx"],
    stdio: "ignore",
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare server did not start")), 15_000);
    bare!.once("message", () => {
      clearTimeout(timer);
      resolve();
    });
    bare!.once("exit", (code) =>
      reject(new Error(`bare server exited (${String(code)}); is port ${BARE_PORT} taken?`)),
    );
  });
}

async function browseInProcess(liveStock: boolean, durationMs: number, concurrency: number) {
  const catalogue = createCatalogue({ liveStock });
  const histogram = newHistogram();
  await catalogue.listCoupons({ page: 1, size: 20 });
  const deadline = performance.now() + durationMs;
  let n = 0;
  const started = performance.now();
  await mapLimit(Array.from({ length: concurrency }), concurrency, async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await catalogue.listCoupons({ page: 1, size: 20 });
      histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      n += 1;
    }
  });
  return { callsPerSecond: Math.round((n / (performance.now() - started)) * 1000), latencyMs: summarize(histogram) };
}

async function main(options: BenchOptions) {
  const publicBase = new URL(options.base);
  const problems = await checkStack(options.base);
  if (problems.length > 0) {
    process.stderr.write(
      `The stack is not running:\n${problems.map((p) => `  - ${p}`).join("\n")}\nStart it with: npm start\n`,
    );
    return 2;
  }
  // One address plays thousands of shoppers: through NGINX, they take the benchmark listener, which has the
  // same locations (admission limit, micro-cache) but not the per-client limits meant for real addresses.
  const viaNginx = publicBase.port === "8080";
  if (viaNginx) closeBenchListener = await openBenchListener();
  const base = viaNginx ? new URL(benchListenerUrl) : publicBase;
  const durationMs = options.duration * 1000;
  const benchRoutes = (await get(`${options.base}/api/bench/native-noop`))?.status === 200;
  const progress = createProgress(
    options.noisyOnly ? 3 : options.purchaseOnly ? 2 + options.repeat : benchRoutes ? 18 : 14,
  );
  const roots = findStackProcesses();
  const notes: string[] = [];
  if (!viaNginx) {
    const pid = listeningPid(Number(base.port));
    if (pid) roots.push({ name: `app:${base.port}`, pid });
  }

  // --- shoppers -----------------------------------------------------------------------------------------------
  progress.phase(`shoppers (${options.users} Keycloak users, tokens)`);
  // Every phase must run on tokens that stay valid; the whole run lasts a few minutes, tokens 5.
  const tokenBudgetMs = Math.max(200_000, durationMs * 14 + 60_000);
  let shoppers: Shopper[] = await loadShoppers(options.users, Math.min(tokenBudgetMs, 280_000), (done, total, what) =>
    progress.update(done / Math.max(1, total), `${what} ${done}/${total}`),
  );
  const stale = await releaseStaleShopperEmails(shoppers, benchEmail);
  if (stale > 0)
    notes.push(
      `${stale} users rows of an earlier Keycloak incarnation of the bench shoppers had their e-mail moved aside.`,
    );
  const ensureFresh = async (needMs: number) => {
    const soonest = Math.min(...shoppers.map((s) => s.accessExpiresAtMs));
    if (soonest - Date.now() > needMs + 15_000) return false;
    shoppers = await loadShoppers(options.users, 280_000, (done, total, what) =>
      progress.update(done / total, `${what} ${done}/${total}`),
    );
    return true;
  };

  // --- capabilities -------------------------------------------------------------------------------------------
  const nextNoop = await get(`${options.base}/api/bench/noop`);
  const nextNoopAvailable = nextNoop?.status === 200 && nextNoop.body.includes('"ok":true');
  if (!benchRoutes)
    notes.push(
      `Bench routes are not enabled behind ${options.base} (run the app instances from bench/server.ts with BENCH_STRATEGIES_ENABLED=true, as npm start does): alternatives (b)–(d), the native no-op and the cached-stock listing over HTTP were skipped.`,
    );
  if (!nextNoopAvailable)
    notes.push(
      "The App Router no-op /api/bench/noop did not answer 200 (not in the current .next build, or bench routes disabled): that ceiling was skipped.",
    );

  // --- warm-up: every instance has verified every token and knows every user row --------------------------------
  const ports = await instancePorts(base);
  const warm = async () => {
    coupons.push({ id: await warmInstances(base, ports, shoppers, runId), warmed: true });
  };
  progress.phase(`warm-up (${ports.length} instance${ports.length > 1 ? "s" : ""})`);
  await warm();

  const noisyNeighbour = async (rate: number) => {
    progress.phase(`noisy neighbour: shoppers at ${rate} req/s, no flood / forged token / real token`);
    if (await ensureFresh(durationMs * 4)) await warm();
    const runs = await runNoisyNeighbour({
      shoppersBase: base,
      publicBase,
      shoppers: shuffled(shoppers),
      stock: options.stock,
      connections: options.openConnections,
      floodConnections: options.concurrency,
      durationMs,
      rate,
      roots,
      progress,
      onCoupon: (id) => coupons.push({ id, warmed: true }),
    });
    return { runs, rate, broken: fairShareHeld(runs) };
  };
  if (options.noisyOnly) {
    const noisy = await noisyNeighbour(options.noisyRate);
    for (const coupon of coupons) await retireBenchCoupon(coupon.id, coupon.warmed).catch(() => undefined);
    process.stdout.write(`\n${noisyNeighbourMarkdown(noisy.runs, noisy.rate)}\n`);
    if (noisy.broken.length > 0)
      process.stderr.write(`\nFAIR SHARE BROKEN:\n${noisy.broken.map((b) => `  - ${b}`).join("\n")}\n`);
    return noisy.broken.length === 0 ? 0 : 1;
  }

  // --- 1 + 4: the same sale, four strategies, closed loop ------------------------------------------------------
  const order = shuffled(shoppers);
  const sales: SaleRun[] = [];
  // "via route handler": the very same purchase, served by the App Router handler instead of the native route
  // (the door switch exists only where bench routes are enabled) — the framework's cost, measured.
  const strategies = options.purchaseOnly
    ? Array.from({ length: options.repeat }, () => "redis-lua (ours)")
    : ["redis-lua (ours)", ...(benchRoutes ? [routeHandlerStrategy, ...strategyNames] : [])];
  for (const strategy of strategies) {
    progress.phase(`sale, closed loop: ${strategy}`);
    if (await ensureFresh(durationMs * 3)) await warm();
    const ours = strategy.startsWith("redis");
    const couponId = await createBenchCoupon(`${runId} ${strategy}`, options.stock, { warm: ours });
    coupons.push({ id: couponId, warmed: ours });
    const path_ = ours ? `/api/coupons/${couponId}/purchase` : `/api/bench/${strategy}/coupons/${couponId}/purchase`;
    const doorHeaders = strategy === routeHandlerStrategy ? nextDoor : {};
    const phase = await runPhase({
      name: strategy,
      base,
      connections: options.concurrency,
      durationMs,
      roots,
      progress,
      purchase: true,
      stock: options.stock,
      request: purchaseRequest(order, path_, doorHeaders),
    });
    const settlement = ours
      ? await waitForSettlement(couponId, phase.accepted, phase.lastAcceptWallMs, 120_000)
      : undefined;
    const check = await checkSale(couponId, { redisSale: ours, accepted: phase.accepted, expectSoldOut: ours });
    sales.push({ strategy, couponId, phase, settlement, check });
  }
  const oursClosed = sales[0]!;
  if (options.purchaseOnly) {
    for (const coupon of coupons) await retireBenchCoupon(coupon.id, coupon.warmed).catch(() => undefined);
    process.stdout.write(`\n${purchaseOnlyMarkdown(sales)}\n`);
    return sales.every((sale) => sale.check.broken.length === 0) ? 0 : 1;
  }

  // --- 1 + 2: open loop at 50% and 80% of our maximum, notifications on the 50% run ----------------------------
  const openRuns: (SaleRun & { rate: number; notifications?: NotificationResult })[] = [];
  // Open loop: shoppers do not share a few sockets, so these phases get many more connections than the closed
  // loop; at twice the maximum the edge must shed the excess fast (503) and lose no accepted order.
  for (const share of [0.5, 0.8, 2]) {
    const rate = Math.max(1, Math.round(oursClosed.phase.requestsPerSecond * share));
    progress.phase(`sale, open loop at ${share * 100}% (${rate} req/s)${share === 0.5 ? " + notifications" : ""}`);
    if (await ensureFresh(durationMs * 2)) await warm();
    const couponId = await createBenchCoupon(`${runId} open ${share}`, options.stock, { warm: true });
    coupons.push({ id: couponId, warmed: true });
    // The sampled shoppers go first, so every one of them gets a coupon and a payment_update to time.
    const sample = share === 0.5 ? order.slice(0, options.sockets) : [];
    const sockets = sample.length > 0 ? await openSockets(base, sample) : undefined;
    const sampleIds = new Set(sample.map((s) => s.id));
    const requestOf = purchaseRequest(order, `/api/coupons/${couponId}/purchase`);
    const phase = await runPhase({
      name: `ours @${share * 100}%`,
      base,
      connections: options.openConnections,
      durationMs,
      rate,
      roots,
      progress,
      purchase: true,
      stock: options.stock,
      request: requestOf,
      onAnswer: (answer) => {
        if (!sockets || answer.status !== 202) return;
        const shopper = order[answer.index % order.length]!;
        if (!sampleIds.has(shopper.id)) return;
        const orderId = (JSON.parse(answer.body) as { orderId: string }).orderId;
        sockets.expect(orderId, answer.startedAt);
      },
    });
    const settlement = await waitForSettlement(couponId, phase.accepted, phase.lastAcceptWallMs, 120_000);
    const notifications = sockets ? await sockets.collect(10_000) : undefined;
    sockets?.close();
    const check = await checkSale(couponId, { redisSale: true, accepted: phase.accepted, expectSoldOut: true });
    openRuns.push({ strategy: `ours @${share * 100}%`, couponId, phase, settlement, check, rate, notifications });
  }

  // A quarter of the maximum: at half, the sale's opening burst alone sheds a few requests with no flood at all,
  // and "the shoppers get only 202/409" could not be judged.
  const noisy = await noisyNeighbour(
    options.noisyRate || Math.max(1, Math.round(oursClosed.phase.requestsPerSecond * 0.25)),
  );
  notes.push(
    noisyNeighbourMarkdown(noisy.runs, noisy.rate).replace(/\n/g, " "),
    ...noisy.broken.map((b) => `FAIR SHARE BROKEN: ${b}`),
  );

  // --- 1: settlement burst: every shopper buys once (stock = shoppers), so the worker gets a real backlog -------
  progress.phase(`settlement burst: ${options.users} orders`);
  if (await ensureFresh(durationMs * 2)) await warm();
  const burstCoupon = await createBenchCoupon(`${runId} settlement burst`, options.users, { warm: true });
  coupons.push({ id: burstCoupon, warmed: true });
  const burstPhase = await runPhase({
    name: "settlement burst",
    base,
    connections: options.concurrency,
    durationMs: Math.max(durationMs, 30_000),
    maxRequests: options.users,
    roots,
    progress,
    purchase: true,
    stock: options.users,
    request: purchaseRequest(shuffled(shoppers), `/api/coupons/${burstCoupon}/purchase`),
  });
  const burstSettlement = await waitForSettlement(
    burstCoupon,
    burstPhase.accepted,
    burstPhase.lastAcceptWallMs,
    180_000,
  );
  const burstCheck = await checkSale(burstCoupon, {
    redisSale: true,
    accepted: burstPhase.accepted,
    expectSoldOut: true,
  });
  const burst: SaleRun = {
    strategy: "settlement burst",
    couponId: burstCoupon,
    phase: burstPhase,
    settlement: burstSettlement,
    check: burstCheck,
  };
  openRuns.push({ ...burst, rate: 0 });

  // --- 4: storage level ------------------------------------------------------------------------------------------
  progress.phase(`storage level: ${options.storageOps} ops, script vs transactions`);
  const storage: StorageResult[] = await storageLevel(options.storageOps, env.DB_POOL_SIZE, runId);

  // --- 5: ceilings -----------------------------------------------------------------------------------------------
  const ceilings: PhaseResult[] = [];
  progress.phase("ceilings: no-op handlers");
  if (benchRoutes) {
    ceilings.push(
      await runPhase({
        name: "native no-op (custom server)",
        base,
        connections: options.concurrency,
        durationMs,
        roots,
        progress,
        request: () => ({ method: "GET", path: "/api/bench/native-noop" }),
      }),
    );
  }
  if (nextNoopAvailable) {
    ceilings.push(
      await runPhase({
        name: "App Router no-op",
        base,
        connections: options.concurrency,
        durationMs,
        roots,
        progress,
        request: () => ({ method: "GET", path: "/api/bench/noop" }),
      }),
    );
  }
  progress.phase("ceilings: bare node:http");
  await startBare();
  const bareViaNginx = (await get(`${options.base}/bench/bare/`))?.headers.get("x-bench-bare") === "1";
  if (!bareViaNginx)
    notes.push(
      `The bare node:http ceiling was measured DIRECTLY on 127.0.0.1:${BARE_PORT}: NGINX has no location /bench/bare/ yet.`,
    );
  ceilings.push(
    await runPhase({
      name: bareViaNginx ? "bare node:http via NGINX" : "bare node:http DIRECT",
      base: bareViaNginx ? base : new URL(`http://127.0.0.1:${BARE_PORT}`),
      connections: options.concurrency,
      durationMs,
      roots: [...roots, { name: "bare-server", pid: bare!.pid ?? 0 }],
      progress,
      request: () => ({ method: "GET", path: bareViaNginx ? "/bench/bare/" : "/" }),
    }),
  );
  bare?.kill("SIGTERM");
  bare = undefined;
  progress.phase("ceilings: redis-benchmark EVALSHA vs INCR");
  const redisBefore = sampleCpu(roots);
  const redisBench = await redisCeilings(options.quick ? 50_000 : 200_000);
  const redisCpu: CpuUsage = cpuBetween(redisBefore, sampleCpu(roots));

  // --- 3: browsing -----------------------------------------------------------------------------------------------
  progress.phase("browsing GET /api/coupons, live stock vs cached stock");
  const browsing: PhaseResult[] = [];
  let browsingInProcess:
    | {
        live: { callsPerSecond: number; latencyMs: LatencySummary };
        cached: { callsPerSecond: number; latencyMs: LatencySummary };
      }
    | undefined;
  // What shoppers get (through NGINX: the one-second micro-cache), then the instances' own listing past it
  // (/bench/direct/, loopback only), natively and through the App Router handler.
  const directProbe = viaNginx ? await get(`${options.base}${directPrefix}/api/coupons`) : undefined;
  const direct = viaNginx ? (directProbe?.status === 200 ? directPrefix : undefined) : "";
  if (direct === undefined)
    notes.push(`NGINX has no working ${directPrefix}/ location: the listing was measured only as shoppers get it.`);
  const listing = (name: string, path_: string, headers: Record<string, string> = {}) =>
    runPhase({
      name,
      base,
      connections: options.concurrency,
      durationMs,
      roots,
      progress,
      request: () => ({ method: "GET", path: path_, headers }),
    });
  await get(`${options.base}/api/coupons`);
  browsing.push(
    await listing(viaNginx ? "GET /api/coupons (NGINX micro-cache)" : "GET /api/coupons (live stock)", "/api/coupons"),
  );
  if (direct !== undefined && viaNginx)
    browsing.push(await listing("GET /api/coupons (live stock)", `${direct}/api/coupons`));
  if (direct !== undefined && benchRoutes)
    browsing.push(await listing("GET /api/coupons via route handler", `${direct}/api/coupons`, nextDoor));
  if (benchRoutes) {
    await get(`${options.base}/api/bench/coupons-cached-stock`);
    browsing.push(await listing("GET listing (cached stock only)", "/api/bench/coupons-cached-stock"));
  } else {
    notes.push(
      "Live-stock cost measured in-process (catalogue feature called both ways), not over HTTP: bench routes are disabled.",
    );
    browsingInProcess = {
      live: await browseInProcess(true, durationMs / 2, 16),
      cached: await browseInProcess(false, durationMs / 2, 16),
    };
  }

  // --- results ---------------------------------------------------------------------------------------------------
  progress.phase("report");
  for (const coupon of coupons) await retireBenchCoupon(coupon.id, coupon.warmed).catch(() => undefined);
  const broken = [...sales, ...openRuns].flatMap((run) =>
    run.check.broken.map((b) => `${run.strategy} (coupon ${run.couponId}): ${b}`),
  );
  const ourRps = oursClosed.phase.requestsPerSecond;
  const rpsOf = (name: string) => sales.find((s) => s.strategy === name)?.phase.requestsPerSecond;
  const soldOutOf = (name: string) => sales.find((s) => s.strategy === name)?.phase.soldOutMs ?? undefined;
  const ceilingRps = (prefix: string) => ceilings.find((c) => c.name.startsWith(prefix))?.requestsPerSecond;
  const storageOf = (name: string) => storage.find((s) => s.name === name)?.opsPerSecond;
  const browsingRps = (prefix: string) => browsing.find((b) => b.name.startsWith(prefix))?.requestsPerSecond;
  const ratios = {
    oursVsPessimistic: ratio(ourRps, rpsOf("pessimistic")),
    // Time to sell the whole stock: theirs / ours (how many times faster our sale sold out).
    sellOutVsPessimistic: ratio(soldOutOf("pessimistic"), oursClosed.phase.soldOutMs ?? undefined),
    sellOutVsOptimistic: ratio(soldOutOf("optimistic"), oursClosed.phase.soldOutMs ?? undefined),
    sellOutVsConditional: ratio(soldOutOf("conditional"), oursClosed.phase.soldOutMs ?? undefined),
    oursVsOptimistic: ratio(ourRps, rpsOf("optimistic")),
    oursVsConditional: ratio(ourRps, rpsOf("conditional")),
    storageScriptVsPessimistic: ratio(storageOf("redis-lua"), storageOf("mysql-pessimistic")),
    storageScriptVsOptimistic: ratio(storageOf("redis-lua"), storageOf("mysql-optimistic")),
    storageScriptVsConditional: ratio(storageOf("redis-lua"), storageOf("mysql-conditional")),
    oursVsRouteHandler: ratio(ourRps, rpsOf(routeHandlerStrategy)),
    oursVsPeer: ratio(ourRps, PEER_PURCHASES_PER_SECOND),
    browsingShoppersVsRouteHandler: ratio(browsing[0]?.requestsPerSecond, browsingRps("GET /api/coupons via route")),
    browsingNativeVsRouteHandler: ratio(
      browsingRps("GET /api/coupons (live"),
      browsingRps("GET /api/coupons via route"),
    ),
    browsingMicrocacheVsNative: ratio(browsingRps("GET /api/coupons (NGINX"), browsingRps("GET /api/coupons (live")),
    purchaseOfNativeNoop: ratio(ourRps, ceilingRps("native no-op")),
    purchaseOfAppRouterNoop: ratio(ourRps, ceilingRps("App Router")),
    purchaseOfBareNode: ratio(ourRps, ceilingRps("bare")),
    evalshaOfIncr: ratio(redisBench.evalsha.requestsPerSecond, redisBench.incr.requestsPerSecond),
    purchaseOfEvalsha: ratio(ourRps, redisBench.evalsha.requestsPerSecond),
    browsingLiveOfCached: benchRoutes
      ? ratio(browsingRps("GET /api/coupons (live"), browsingRps("GET listing (cached"))
      : ratio(browsingInProcess?.live.callsPerSecond, browsingInProcess?.cached.callsPerSecond),
  };
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const results = {
    runId,
    at: new Date().toISOString(),
    options,
    machine,
    target: viaNginx ? `NGINX ${options.base}` : `DIRECT ${options.base} (not through NGINX)`,
    loadModel: `closed loop with ${options.concurrency} keep-alive connections, 1 request in flight each (no pipelining), ${options.duration} s per phase; open loop at a fixed rate with latency from each request's due time (coordinated omission corrected)`,
    notes,
    sales,
    openRuns,
    storage,
    ceilings,
    redisBenchmark: { ...redisBench, cpu: redisCpu, clients: 50, pipeline: 1 },
    browsing,
    browsingInProcess,
    ratios,
    invariantsHeld: broken.length === 0,
    broken,
  };
  await mkdir(resultsDir, { recursive: true });
  const stamp = results.at.replace(/[:.]/g, "-");
  const rows: StrategyRow[] = sales.map((s) => ({
    name: s.strategy,
    requestsPerSecond: s.phase.requestsPerSecond,
    p99Ms: s.phase.latencyMs.p99,
    sold: s.check.paid,
    stock: options.stock,
    correct: s.check.broken.length === 0,
    soldCurve: s.phase.soldCurve,
  }));
  const chartFile = `${stamp}.svg`;
  await writeFile(path.join(resultsDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  await writeFile(
    path.join(resultsDir, chartFile),
    renderChart(
      rows,
      `${results.target}; ${options.users} shoppers, ${options.stock} coupons, ${options.concurrency} connections, ${machine.cpus} cores`,
    ),
  );
  const markdown = renderMarkdown(results, chartFile);
  await writeFile(path.join(resultsDir, `${stamp}.md`), markdown);
  progress.done();
  process.stdout.write(`${renderSummary(results)}\n\nResults: bench/results/${stamp}.{json,md,svg}\n`);
  if (broken.length > 0) {
    process.stderr.write(`\nINVARIANTS BROKEN:\n${broken.map((b) => `  - ${b}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

type Results = {
  sales: SaleRun[];
  openRuns: (SaleRun & { rate: number; notifications?: NotificationResult })[];
  storage: StorageResult[];
  ceilings: PhaseResult[];
  redisBenchmark: {
    evalsha: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
    incr: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
    cpu: CpuUsage;
  };
  browsing: PhaseResult[];
  browsingInProcess?: {
    live: { callsPerSecond: number; latencyMs: LatencySummary };
    cached: { callsPerSecond: number; latencyMs: LatencySummary };
  };
  ratios: Record<string, number | null>;
  target: string;
  loadModel: string;
  notes: string[];
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; loadAverageAtEnd: number[] };
  options: BenchOptions;
  at: string;
  broken: string[];
};

const cpuText = (cpu: CpuUsage) =>
  Object.entries(cpu)
    .filter(([name, percent]) => name !== "machine" && percent !== 0)
    .map(([name, percent]) => `${name} ${percent}%`)
    .join(", ");

function outcomeText(outcomes: Record<string, number>) {
  return Object.entries(outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function httpRows(results: Results) {
  const rows: (string | number)[][] = [];
  const sale = (s: SaleRun, load: string) => [
    s.strategy,
    load,
    s.phase.requestsPerSecond,
    s.phase.latencyMs.p50,
    s.phase.latencyMs.p99,
    s.phase.latencyMs.p999,
    `${s.check.paid}/${s.check.totalStock}`,
    s.phase.soldOutMs ?? "not sold out",
    s.check.broken.length === 0 ? "ok" : "BROKEN",
  ];
  for (const s of results.sales) rows.push(sale(s, "closed"));
  for (const s of results.openRuns) rows.push(sale(s, s.rate > 0 ? `open ${s.rate}/s` : "closed"));
  for (const c of [...results.ceilings, ...results.browsing])
    rows.push([
      c.name,
      "closed",
      c.requestsPerSecond,
      c.latencyMs.p50,
      c.latencyMs.p99,
      c.latencyMs.p999,
      "-",
      "-",
      c.errors === 0 ? "ok" : `${c.errors} errors`,
    ]);
  return rows;
}

const httpHeader = ["what", "load", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "sold", "sold out ms", "check"];

/** `--purchase-only`: one row per sale, its outcomes and CPU, and the mean of the runs. */
function purchaseOnlyMarkdown(sales: readonly SaleRun[]): string {
  const rows = sales.map((s, i) => [
    `run ${i + 1}`,
    s.phase.requestsPerSecond,
    s.phase.latencyMs.p50,
    s.phase.latencyMs.p99,
    `${s.check.paid}/${s.check.totalStock}`,
    s.check.broken.length === 0 ? "ok" : `BROKEN: ${s.check.broken.join("; ")}`,
    outcomeText(s.phase.outcomes),
    cpuText(s.phase.cpu),
  ]);
  const mean = Math.round(sales.reduce((sum, s) => sum + s.phase.requestsPerSecond, 0) / Math.max(1, sales.length));
  return [
    markdownTable(["sale", "req/s", "p50 ms", "p99 ms", "sold", "check", "outcomes", "CPU"], rows),
    "",
    `Mean of ${sales.length}: ${mean} req/s.`,
  ].join("\n");
}

function ratioRows(results: Results): [string, string][] {
  const r = results.ratios;
  return [
    ["ours / same purchase via route handler", formatRatio(r.oursVsRouteHandler ?? null)],
    [`ours / peer figure ${PEER_PURCHASES_PER_SECOND}/s`, formatRatio(r.oursVsPeer ?? null)],
    ["browsing as shoppers get it / via route handler", formatRatio(r.browsingShoppersVsRouteHandler ?? null)],
    ["browsing native / via route handler", formatRatio(r.browsingNativeVsRouteHandler ?? null)],
    ["browsing NGINX micro-cache / native", formatRatio(r.browsingMicrocacheVsNative ?? null)],
    ["ours / pessimistic (endpoint)", formatRatio(r.oursVsPessimistic ?? null)],
    ["sell-out speed ours / pessimistic", formatRatio(r.sellOutVsPessimistic ?? null)],
    ["sell-out speed ours / optimistic", formatRatio(r.sellOutVsOptimistic ?? null)],
    ["sell-out speed ours / conditional", formatRatio(r.sellOutVsConditional ?? null)],
    ["ours / optimistic (endpoint)", formatRatio(r.oursVsOptimistic ?? null)],
    ["ours / conditional UPDATE (endpoint)", formatRatio(r.oursVsConditional ?? null)],
    ["script / pessimistic tx (storage)", formatRatio(r.storageScriptVsPessimistic ?? null)],
    ["script / optimistic tx (storage)", formatRatio(r.storageScriptVsOptimistic ?? null)],
    ["script / conditional tx (storage)", formatRatio(r.storageScriptVsConditional ?? null)],
    ["purchase / native no-op", formatRatio(r.purchaseOfNativeNoop ?? null)],
    ["purchase / App Router no-op", formatRatio(r.purchaseOfAppRouterNoop ?? null)],
    ["purchase / bare node:http", formatRatio(r.purchaseOfBareNode ?? null)],
    ["purchase / redis-benchmark EVALSHA", formatRatio(r.purchaseOfEvalsha ?? null)],
    ["EVALSHA / INCR (redis-benchmark)", formatRatio(r.evalshaOfIncr ?? null)],
    ["browsing live stock / cached stock", formatRatio(r.browsingLiveOfCached ?? null)],
  ];
}

function settlementText(s: SaleRun): string {
  const t = s.settlement;
  if (!t) return `${s.strategy}: no settlement`;
  return `Settlement ${s.strategy}: ${t.settled} orders, settlement writes spanning ${t.spanMs} ms (${t.ordersPerSecond}/s), last one ${t.drainedAfterLastAcceptMs} ms after the last accept; accept→settled p50 ${t.acceptToSettledMs.p50} ms, p99 ${t.acceptToSettledMs.p99} ms${t.timedOut ? " (TIMED OUT)" : ""}`;
}

function renderSummary(results: Results): string {
  const ours = results.sales[0]!;
  const half = results.openRuns[0];
  const lines = [
    "",
    `Flash-sale benchmark — ${results.target}`,
    `Load model: ${results.loadModel}`,
    "",
    table(httpHeader, httpRows(results)),
    "",
    table(
      ["storage level (no HTTP)", "ops/s", "p99 ms", "outcomes"],
      results.storage.map((s) => [s.name, s.opsPerSecond, s.latencyMs.p99, outcomeText(s.outcomes)]),
    ),
    "",
    `redis-benchmark (-c 50, -P 1): EVALSHA purchase.lua ${results.redisBenchmark.evalsha.requestsPerSecond}/s, INCR ${results.redisBenchmark.incr.requestsPerSecond}/s`,
    ...[ours, ...results.openRuns].map(settlementText),
    half?.notifications
      ? `Notifications (@50%): ${half.notifications.received}/${half.notifications.expected} payment_update received on ${half.notifications.connected} sockets, p50 ${half.notifications.latencyMs.p50} ms, p99 ${half.notifications.latencyMs.p99} ms`
      : "Notifications: not measured",
    `Ours, closed loop outcomes: ${outcomeText(ours.phase.outcomes)}`,
    `CPU during ours (closed): ${cpuText(ours.phase.cpu)}`,
    "",
    table(["ratio", "value"], ratioRows(results)),
    ...results.notes.map((n) => `note: ${n}`),
    results.broken.length === 0 ? "\nAll invariants held." : `\nINVARIANTS BROKEN: ${results.broken.length}`,
  ];
  return lines.join("\n");
}

function renderMarkdown(results: Results, chartFile: string): string {
  const ours = results.sales[0]!;
  const md = [
    `# Flash-sale benchmark ${results.at}`,
    "",
    `Target: ${results.target}. Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; load average at the end ${results.machine.loadAverageAtEnd.join(" / ")} (the box is shared: compare ratios, not absolutes).`,
    "",
    `Load model: ${results.loadModel}. Options: ${JSON.stringify(results.options)}.`,
    "",
    `![chart](${chartFile})`,
    "",
    "## HTTP phases",
    markdownTable(httpHeader, httpRows(results)),
    "",
    "## Ratios",
    markdownTable(["ratio", "value"], ratioRows(results)),
    "",
    "## Outcomes and CPU per phase (100% = one core)",
    markdownTable(
      ["phase", "outcomes", "CPU"],
      [...results.sales, ...results.openRuns]
        .map((s) => [s.strategy, outcomeText(s.phase.outcomes), cpuText(s.phase.cpu)])
        .concat(
          [...results.ceilings, ...results.browsing].map((c) => [c.name, outcomeText(c.outcomes), cpuText(c.cpu)]),
        ),
    ),
    "",
    "## Storage level (no HTTP, same concurrency)",
    markdownTable(
      ["side", "ops/s", "p50 ms", "p99 ms", "outcomes"],
      results.storage.map((s) => [s.name, s.opsPerSecond, s.latencyMs.p50, s.latencyMs.p99, outcomeText(s.outcomes)]),
    ),
    "",
    `redis-benchmark -c 50 -P 1: EVALSHA purchase.lua ${results.redisBenchmark.evalsha.requestsPerSecond}/s (p50 ${results.redisBenchmark.evalsha.p50Ms} ms), INCR ${results.redisBenchmark.incr.requestsPerSecond}/s (p50 ${results.redisBenchmark.incr.p50Ms} ms); CPU ${cpuText(results.redisBenchmark.cpu)}.`,
    "",
    "## Settlement and notifications",
    ...[ours, ...results.openRuns].map((s) => `- ${settlementText(s)}`),
    ...results.openRuns
      .filter((s) => s.notifications)
      .map(
        (s) =>
          `- notifications @ ${s.rate} req/s: ${s.notifications!.received}/${s.notifications!.expected} received on ${s.notifications!.connected}/${s.notifications!.sockets} sockets; p50 ${s.notifications!.latencyMs.p50} ms, p99 ${s.notifications!.latencyMs.p99} ms (from request due time to payment_update).`,
      ),
    ...(results.browsingInProcess
      ? [
          "",
          `Browsing in-process: live stock ${results.browsingInProcess.live.callsPerSecond}/s (p99 ${results.browsingInProcess.live.latencyMs.p99} ms), cached stock ${results.browsingInProcess.cached.callsPerSecond}/s (p99 ${results.browsingInProcess.cached.latencyMs.p99} ms).`,
        ]
      : []),
    "",
    "## Invariants",
    results.broken.length === 0
      ? "All held: paid = stock for our sales, nobody twice, Redis stock = DB stock = 0, nothing pending, every accepted order settled; no oversell and no double sale for the alternatives."
      : results.broken.map((b) => `- BROKEN: ${b}`).join("\n"),
    ...(results.notes.length > 0 ? ["", "## Notes", ...results.notes.map((n) => `- ${n}`)] : []),
  ];
  return `${md.join("\n")}\n`;
}

async function shutdown() {
  bare?.kill("SIGTERM");
  await closeBenchListener?.().catch(() => undefined);
  await restorePasswordPolicy().catch(() => undefined);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void shutdown().finally(() => process.exit(130));
  });
}

let exitCode = 1;
try {
  exitCode = await main(parseOptions(process.argv.slice(2)));
} catch (error) {
  if (error instanceof OptionsError) {
    process.stderr.write(`${error.message}\n`);
    exitCode = 2;
  } else {
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exitCode = 1;
  }
} finally {
  await shutdown();
  await closeConnections().catch(() => undefined);
}
process.exit(exitCode);
