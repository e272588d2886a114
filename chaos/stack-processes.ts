import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

/**
 * The processes of the local stack, as npm start recorded them: supervisord runs every program and each program
 * writes its own pid to .run/pids/<name>.pid when it starts. Chaos signals processes by those pids only, and
 * stops or starts programs through the stack's own supervisord; it never looks a process up by name.
 */

const root = process.cwd();
const run = promisify(execFile);
const supervisorConf = path.join(root, "infra/supervisor/supervisord.conf");

export const appPrograms = ["app-1", "app-2", "app-3"] as const;
export const appPorts = [3001, 3002, 3003] as const;
export const programs = [
  "mariadb",
  "redis",
  "kafka",
  "keycloak",
  "s3",
  "payment-worker",
  ...appPrograms,
  "nginx",
] as const;
export type Program = (typeof programs)[number];

export async function recordedPid(name: Program | "supervisord"): Promise<number | undefined> {
  const text = await readFile(path.join(root, ".run/pids", `${name}.pid`), "utf8").catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to the recorded pid of `name`; returns that pid. Refuses when the stack has no live record. */
export async function signalRecorded(name: Program, signal: NodeJS.Signals): Promise<number> {
  const pid = await recordedPid(name);
  if (!isAlive(pid)) throw new Error(`${name} has no live recorded pid (.run/pids/${name}.pid); is the stack running?`);
  process.kill(pid!, signal);
  return pid!;
}

export async function supervisorctl(...args: string[]): Promise<string> {
  const { stdout } = await run("supervisorctl", ["-c", supervisorConf, ...args]).catch(
    (error: { stdout?: string }) => ({
      stdout: error.stdout ?? "",
    }),
  );
  return stdout;
}

/** Programs supervisord does not report RUNNING. */
export async function programsNotRunning(): Promise<string[]> {
  const status = await supervisorctl("status");
  const lines = status.split("\n").filter(Boolean);
  if (lines.length === 0) return ["supervisord"];
  return lines.filter((line) => !/\sRUNNING\s/.test(line)).map((line) => line.split(/\s+/)[0]!);
}

/** Starts of each program since supervisord started (infra/supervisor/run-program.sh counts them). */
export async function startCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of programs) {
    const text = await readFile(path.join(root, ".run/restarts", name), "utf8").catch(() => "0");
    counts[name] = Number.parseInt(text.trim(), 10) || 0;
  }
  return counts;
}

export function redisDataDir(): string {
  return path.join(root, ".run/redis");
}
