import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * CPU use per process of the stack, read from /proc: utime + stime of a process and all its descendants (tsx
 * runs the real node process as a child), sampled before and after a phase. 100% = one core, like top.
 */

const CLOCK_TICKS = 100;

export interface ProcessRoot {
  name: string;
  pid: number;
}

export interface CpuSample {
  atMs: number;
  /** ticks per named root (tree) */
  ticks: Record<string, number>;
  /** busy and total jiffies of the whole machine (all cores) */
  machineBusy: number;
  machineTotal: number;
}

export type CpuUsage = Record<string, number>;

/** Parses the fields after the `(comm)` of /proc/<pid>/stat: [ppid, utime + stime]. */
export function parseStat(line: string): { ppid: number; ticks: number } | undefined {
  const close = line.lastIndexOf(")");
  if (close < 0) return undefined;
  const fields = line.slice(close + 2).split(" ");
  // fields[0] is state (field 3); ppid is field 4, utime 14, stime 15.
  const ppid = Number(fields[1]);
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ppid) && Number.isFinite(ticks) ? { ppid, ticks } : undefined;
}

function readProcesses(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = parseStat(readFileSync(`/proc/${entry}/stat`, "utf8"));
      if (parsed) table.set(Number(entry), parsed);
    } catch {
      // exited meanwhile
    }
  }
  return table;
}

/** A process and all its descendants (tsx runs the real node process as a child). */
function treeOf(table: Map<number, { ppid: number }>, root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const members: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (table.has(pid)) members.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return members;
}

function treeTicks(table: Map<number, { ppid: number; ticks: number }>, root: number): number {
  return treeOf(table, root).reduce((total, pid) => total + (table.get(pid)?.ticks ?? 0), 0);
}

/** Resident memory (bytes) of each root's process tree, from VmRSS in /proc/<pid>/status. */
export function sampleRss(roots: readonly ProcessRoot[]): Record<string, number> {
  const table = readProcesses();
  const rss: Record<string, number> = {};
  for (const root of roots) {
    rss[root.name] = treeOf(table, root.pid).reduce((total, pid) => {
      try {
        const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        return total + Number(kib ?? 0) * 1024;
      } catch {
        return total;
      }
    }, 0);
  }
  return rss;
}

function readMachine(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/**
 * The stack's processes, from the pid files `npm start` records (never by process name: the machine may run its
 * own Redis or MariaDB), plus this bench process. supervisord's file is left out: its tree is every other process.
 */
export function findStackProcesses(root = process.cwd()): ProcessRoot[] {
  const roots: ProcessRoot[] = [];
  const pidDir = path.join(root, ".run", "pids");
  try {
    for (const file of readdirSync(pidDir).sort()) {
      if (!file.endsWith(".pid") || file === "supervisord.pid") continue;
      const pid = Number(readFileSync(path.join(pidDir, file), "utf8").trim());
      if (pid > 0) roots.push({ name: file.replace(/\.pid$/, ""), pid });
    }
  } catch {
    // no pid files: the stack was not started by npm start
  }
  roots.push({ name: "bench", pid: process.pid });
  return roots;
}

export function sampleCpu(roots: ProcessRoot[]): CpuSample {
  const table = readProcesses();
  const ticks: Record<string, number> = {};
  for (const root of roots) ticks[root.name] = treeTicks(table, root.pid);
  const machine = readMachine();
  return { atMs: performance.now(), ticks, machineBusy: machine.busy, machineTotal: machine.total };
}

/** CPU% (of one core) per root between two samples, plus `machine` (all cores busy, % of one core) and `other`. */
export function cpuBetween(before: CpuSample, after: CpuSample): CpuUsage {
  const seconds = (after.atMs - before.atMs) / 1000;
  const usage: CpuUsage = {};
  let ours = 0;
  for (const name of Object.keys(after.ticks)) {
    const delta = (after.ticks[name] ?? 0) - (before.ticks[name] ?? 0);
    const percent = seconds > 0 ? Math.round((delta / CLOCK_TICKS / seconds) * 100) : 0;
    usage[name] = percent;
    ours += percent;
  }
  const totalDelta = after.machineTotal - before.machineTotal;
  const cores =
    readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .filter((l) => l.startsWith("processor")).length || 1;
  const machine =
    totalDelta > 0 ? Math.round(((after.machineBusy - before.machineBusy) / totalDelta) * 100 * cores) : 0;
  usage.machine = machine;
  // Whatever else ran meanwhile (other sessions on this shared box): the noise floor of every number.
  usage.other = Math.max(0, machine - ours);
  return usage;
}
