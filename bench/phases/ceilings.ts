import { BARE_PORT, startBareServer, stopBareServer } from "@/bench/bare-server-process";
import { cpuBetween, sampleCpu } from "@/bench/cpu";
import { runPhase, type PhaseResult } from "@/bench/http-phase";
import { probe } from "@/bench/probe";
import { redisCeilings } from "@/bench/redis-ceiling";
import type { BenchContext } from "@/bench/run-context";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/** What the purchase could at most reach: no-op handlers, a bare node:http server, Redis itself. */
export const ceilingsPhase: BenchPhase<"ceilings"> = {
  name: "ceilings",
  ...phasePlans.ceilings,
  async run(context) {
    const { options, progress, roots } = context;
    const ceilings: PhaseResult[] = [];
    progress.phase("ceilings: no-op handlers");
    if (context.capabilities.benchRoutes)
      ceilings.push(await noopCeiling(context, "native no-op (custom server)", "/api/bench/native-noop"));
    if (context.capabilities.nextNoopAvailable)
      ceilings.push(await noopCeiling(context, "App Router no-op", "/api/bench/noop"));
    progress.phase("ceilings: bare node:http");
    ceilings.push(await bareCeiling(context));
    progress.phase("ceilings: redis-benchmark EVALSHA vs INCR");
    const redisBefore = sampleCpu(roots);
    const redisBenchmark = await redisCeilings(options.quick ? 50_000 : 200_000);
    const redisCpu = cpuBetween(redisBefore, sampleCpu(roots));
    return { ceilings, redisBenchmark, redisCpu };
  },
};

function noopCeiling(context: BenchContext, name: string, path: string): Promise<PhaseResult> {
  return runPhase({
    name,
    base: context.base,
    connections: context.options.concurrency,
    durationMs: context.durationMs,
    roots: context.roots,
    progress: context.progress,
    request: () => ({ method: "GET", path }),
  });
}

async function bareCeiling(context: BenchContext): Promise<PhaseResult> {
  const barePid = await startBareServer();
  const viaNginx = (await probe(`${context.options.base}/bench/bare/`))?.headers.get("x-bench-bare") === "1";
  if (!viaNginx)
    context.notes.push(
      `The bare node:http ceiling was measured DIRECTLY on 127.0.0.1:${BARE_PORT}: NGINX has no location /bench/bare/ yet.`,
    );
  const result = await runPhase({
    name: viaNginx ? "bare node:http via NGINX" : "bare node:http DIRECT",
    base: viaNginx ? context.base : new URL(`http://127.0.0.1:${BARE_PORT}`),
    connections: context.options.concurrency,
    durationMs: context.durationMs,
    roots: [...context.roots, { name: "bare-server", pid: barePid }],
    progress: context.progress,
    request: () => ({ method: "GET", path: viaNginx ? "/bench/bare/" : "/" }),
  });
  stopBareServer();
  return result;
}
