import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by package/file, and
 * inclusive ("total") time by function, so a profile answers "where does a purchase spend its CPU" in a table.
 *
 *   npx tsx bench/profile-summary.ts .run/prof/CPU.<…>.cpuprofile [--top 25] [--root /work/main]
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
  /** Share of all sampled time, idle included. */
  percent: number;
  /** Share of the busy time (everything but `(idle)`). */
  busyPercent: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  byFunction: Row[];
  byPackage: Row[];
  inclusive: Row[];
}

/**
 * Where a frame's code lives: `node_modules/<pkg>` (scoped packages keep their scope; `.pnpm`-style nesting takes the
 * innermost), `node:<module>` (two segments) for Node's own JavaScript, V8 pseudo-frames as they are, else the path under `root`.
 */
export function packageOf(url: string, functionName: string, root = ""): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  // node:internal/http/server → node:internal/http: which part of Node, not one bucket for all of it.
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  const path = url.startsWith("file://") ? decodeURIComponent(url.slice("file://".length)) : url;
  const at = path.lastIndexOf("/node_modules/");
  if (at >= 0) {
    const parts = path.slice(at + "/node_modules/".length).split("/");
    const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : (parts[0] ?? path);
    return name;
  }
  return root && path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

function functionLabel(frame: CallFrame, root: string): string {
  const name = frame.functionName || "(anonymous)";
  if (frame.url === "") return name;
  return `${name} ${packageOf(frame.url, name, root)}:${frame.lineNumber + 1}`;
}

function rows(totals: Map<string, number>, totalMs: number, busyMs: number, top: number): Row[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({
      name,
      ms: round(ms),
      percent: round((100 * ms) / (totalMs || 1)),
      busyPercent: name === "(idle)" ? 0 : round((100 * ms) / (busyMs || 1)),
    }));
}

const round = (value: number) => Math.round(value * 100) / 100;

export function summarizeProfile(profile: CpuProfile, options: { top?: number; root?: string } = {}): ProfileSummary {
  const top = options.top ?? 25;
  const root = options.root ?? "";
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // A sample's time is the delta to the NEXT sample (V8 records the gap before each sample).
  const selfMs = new Map<number, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totalMs += ms;
    selfMs.set(id, (selfMs.get(id) ?? 0) + ms);
  });

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)") idleMs += ms;
    const label = functionLabel(frame, root);
    byFunction.set(label, (byFunction.get(label) ?? 0) + ms);
    const pkg = packageOf(frame.url, frame.functionName, root);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    // Inclusive: every distinct function on the stack gets the sample once (recursion is not counted twice).
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const onStack = byId.get(at);
      if (!onStack || onStack.callFrame.functionName === "(root)") continue;
      const name = functionLabel(onStack.callFrame, root);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs: round(totalMs),
    busyMs: round(busyMs),
    byFunction: rows(byFunction, totalMs, busyMs, top),
    byPackage: rows(byPackage, totalMs, busyMs, top),
    inclusive: rows(inclusive, totalMs, busyMs, top),
  };
}

export function renderSummary(summary: ProfileSummary): string {
  const table = (title: string, list: Row[]) =>
    [
      `### ${title}`,
      "| # | what | ms | % busy |",
      "|---|---|---|---|",
      ...list.map((r, i) => `| ${i + 1} | ${r.name} | ${r.ms} | ${r.busyPercent} |`),
    ].join("\n");
  return [
    `Sampled ${summary.totalMs} ms, busy (not idle) ${summary.busyMs} ms (${round((100 * summary.busyMs) / (summary.totalMs || 1))}%).`,
    table("Self time by package / file", summary.byPackage),
    table("Self time by function", summary.byFunction),
    table("Inclusive time by function", summary.inclusive),
  ].join("\n\n");
}

function main(argv: string[]) {
  const file = argv.find((arg) => !arg.startsWith("--") && !/^\d+$/.test(arg));
  if (!file) {
    console.error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top N] [--root DIR]");
    process.exit(2);
  }
  const flag = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const summary = summarizeProfile(profile, {
    top: Number(flag("--top") ?? 25),
    root: flag("--root") ?? process.cwd(),
  });
  console.log(renderSummary(summary));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main(process.argv.slice(2));
