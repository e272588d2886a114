import type { CpuUsage } from "@/bench/cpu";
import { fairnessMarkdown } from "@/bench/fairness-report";
import { ratioRows } from "@/bench/ratios";
import { markdownTable, table } from "@/bench/report";
import type { Results, SaleRun } from "@/bench/results";

/** The run's results as text: the console summary, the markdown report and the `--purchase-only` table. */

export const cpuText = (cpu: CpuUsage) =>
  Object.entries(cpu)
    .filter(([name, percent]) => name !== "machine" && percent !== 0)
    .map(([name, percent]) => `${name} ${percent}%`)
    .join(", ");

/** Outcomes, most frequent first: "202 180, 409 20". */
export function outcomeText(outcomes: Record<string, number>) {
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
export function purchaseOnlyMarkdown(sales: readonly SaleRun[]): string {
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

function settlementText(s: SaleRun): string {
  const t = s.settlement;
  if (!t) return `${s.strategy}: no settlement`;
  return `Settlement ${s.strategy}: ${t.settled} orders, settlement writes spanning ${t.spanMs} ms (${t.ordersPerSecond}/s), last one ${t.drainedAfterLastAcceptMs} ms after the last accept; accept→settled p50 ${t.acceptToSettledMs.p50} ms, p99 ${t.acceptToSettledMs.p99} ms${t.timedOut ? " (TIMED OUT)" : ""}`;
}

/** What the console shows at the end of a full run. */
export function renderSummary(results: Results): string {
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
    table(["ratio", "value"], ratioRows(results.ratios)),
    ...(results.fairness ? ["", fairnessMarkdown(results.fairness)] : []),
    ...results.notes.map((n) => `note: ${n}`),
    results.broken.length === 0 ? "\nAll invariants held." : `\nINVARIANTS BROKEN: ${results.broken.length}`,
  ];
  return lines.join("\n");
}

/** The markdown report written beside the JSON; `chartFile` is the SVG it embeds. */
export function renderMarkdown(results: Results, chartFile: string): string {
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
    markdownTable(["ratio", "value"], ratioRows(results.ratios)),
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
    ...(results.fairness
      ? ["", "## Fairness: bots' share with and without the waiting room", fairnessMarkdown(results.fairness)]
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
