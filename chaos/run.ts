import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";
import { allBackInTime, killEach, killEachTable } from "@/chaos/kill-each";
import { loadShoppers } from "@/bench/shoppers";
import { runScenario, type ScenarioReport } from "@/chaos/run-scenario";
import { scenarios } from "@/chaos/scenarios";
import { programs, type Program } from "@/chaos/stack-processes";
import { waitUntilHealthy } from "@/chaos/stack-health";
import { closeConnections } from "@/server/infra/close-connections";

/**
 * npm run chaos [-- --only 1,2,4] [--shoppers 300] [--stock 200]: a real sale under load per scenario, one fault
 * each, then one table of recovery times, answers and invariants. Exit code 1 when any invariant broke.
 * npm run chaos -- --kill-each [app-1,nginx]: kill -9 every program (or those named) in turn, time its return.
 * Needs the stack running (npm start). It kills and restarts the stack's own processes, never anything else.
 */

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export async function runChaos(options: {
  only?: number[];
  shoppers: number;
  stock: number;
  baseUrl: string;
}): Promise<ScenarioReport[]> {
  const selected = scenarios.filter((s) => !options.only || options.only.includes(s.id));
  const shoppers = await loadShoppers(options.shoppers, 30 * 60_000, () => undefined);
  const reports: ScenarioReport[] = [];
  for (const scenario of selected) {
    const healthyAfterMs = await waitUntilHealthy(180_000);
    if (healthyAfterMs === undefined)
      throw new Error(`the stack did not become healthy before scenario ${scenario.id}`);
    process.stdout.write(`scenario ${scenario.id}: ${scenario.name} …\n`);
    const report = await runScenario(scenario, {
      baseUrl: options.baseUrl,
      shoppers,
      stock: options.stock,
      spreadMs: 12_000,
      injectAfterMs: 4_000,
    });
    process.stdout.write(`  ${report.broken.length === 0 ? "ok" : `BROKEN: ${report.broken.join("; ")}`}\n`);
    reports.push(report);
  }
  return reports;
}

function formatTable(reports: readonly ScenarioReport[]): string {
  const header = [
    "#",
    "scenario",
    "recovery",
    "requests",
    "accepted",
    "paid",
    "failed",
    "client errors",
    "answers",
    "restarted",
    "invariants",
  ];
  const rows = reports.map((r) => [
    String(r.scenario.id),
    r.scenario.name,
    r.recoveryMs === undefined ? "NOT RECOVERED" : `${(r.recoveryMs / 1000).toFixed(1)} s`,
    String(r.load.requests),
    String(r.outcome.accepted),
    String(r.outcome.paid),
    Object.entries(r.outcome.failedByReason)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "0",
    String(r.load.clientErrors),
    Object.entries(r.load.byStatus)
      .sort()
      .map(([k, v]) => `${k}: ${v}`)
      .join(", "),
    Object.entries(r.restarts)
      .map(([k, v]) => `${k}×${v}`)
      .join(", ") || "-",
    r.broken.length === 0 ? "all hold" : r.broken.join("; "),
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.map(line)].join("\n");
}

async function main() {
  if (process.argv.includes("--kill-each")) {
    const named = flag("kill-each");
    const only = named && !named.startsWith("--") ? (named.split(",") as Program[]) : [...programs];
    const unknown = only.filter((name) => !(programs as readonly string[]).includes(name));
    if (unknown.length > 0) throw new Error(`unknown programs: ${unknown.join(", ")} (known: ${programs.join(", ")})`);
    const reports = await killEach(only);
    process.stdout.write(`\n${killEachTable(reports)}\n`);
    process.exit(allBackInTime(reports) ? 0 : 1);
  }
  const only = flag("only")?.split(",").map(Number);
  // Hundreds of shoppers from one address: through NGINX's benchmark listener, where per-client limits do not apply.
  const closeListener = await openBenchListener();
  const reports = await runChaos({
    only,
    shoppers: Number(flag("shoppers") ?? 300),
    stock: Number(flag("stock") ?? 200),
    baseUrl: flag("base") ?? benchListenerUrl,
  }).finally(closeListener);
  process.stdout.write(`\n${formatTable(reports)}\n`);
  await closeConnections();
  process.exit(reports.every((r) => r.broken.length === 0) ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`chaos failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  });
}
