import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/**
 * The processes the cluster harness starts: each one's pid is recorded in `<dir>/<name>.pid` and every stop,
 * kill and clean-up goes through those pids, never through a process name. Each child carries a marker in its
 * environment, so a pid left by an interrupted run is only ever signalled if it is still that child.
 */
export const HARNESS_MARKER = "FLASHSALE_CLUSTER_HARNESS";

export interface Managed {
  name: string;
  pid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** JVMs and Redis are stopped with SIGKILL (their data is thrown away); Node processes get SIGTERM first. */
  graceful: boolean;
}

export class ProcessGroup {
  private readonly running = new Map<string, Managed>();

  constructor(
    private readonly pidDir: string,
    private readonly logDir: string,
  ) {
    mkdirSync(pidDir, { recursive: true });
    mkdirSync(logDir, { recursive: true });
  }

  start(
    name: string,
    command: string,
    args: string[],
    options: { env?: Record<string, string>; graceful?: boolean; cwd?: string } = {},
  ): Managed {
    const log = openSync(path.join(this.logDir, `${name}.log`), "a");
    // Own process group: a Ctrl-C reaches the harness only, which then stops each child by its pid.
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env, [HARNESS_MARKER]: "1" },
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error(`${name} did not start (${command})`);
    writeFileSync(path.join(this.pidDir, `${name}.pid`), `${child.pid}\n`);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const managed: Managed = { name, pid: child.pid, child, exited, graceful: options.graceful ?? false };
    this.running.set(name, managed);
    return managed;
  }

  get(name: string): Managed {
    const managed = this.running.get(name);
    if (!managed) throw new Error(`no process named ${name} was started`);
    return managed;
  }

  isAlive(name: string): boolean {
    const managed = this.running.get(name);
    return managed !== undefined && managed.child.exitCode === null && managed.child.signalCode === null;
  }

  /** Stops every child this group started, in reverse order; waits for each to exit. */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()].reverse();
    await Promise.all(all.filter((m) => m.graceful).map((m) => stop(m, 8_000)));
    await Promise.all(all.filter((m) => !m.graceful).map((m) => stop(m, 0)));
    for (const managed of all) rmSync(path.join(this.pidDir, `${managed.name}.pid`), { force: true });
    this.running.clear();
  }
}

async function stop(managed: Managed, graceMs: number): Promise<void> {
  if (managed.child.exitCode !== null || managed.child.signalCode !== null) return;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(managed.pid, sig);
    } catch {
      // already gone
    }
  };
  if (graceMs > 0) {
    signal("SIGTERM");
    const timer = setTimeout(() => signal("SIGKILL"), graceMs);
    await managed.exited;
    clearTimeout(timer);
  } else {
    signal("SIGKILL");
    await managed.exited;
  }
}

/**
 * Children of an interrupted earlier run (the harness itself killed with SIGKILL): signalled by their recorded
 * pid, and only when that pid is still theirs (a recycled pid belongs to someone else); waits until they are gone.
 */
export async function killLeftovers(pidDir: string, runDir: string): Promise<string[]> {
  let files: string[];
  try {
    files = readdirSync(pidDir).filter((file) => file.endsWith(".pid"));
  } catch {
    return [];
  }
  const killed: { name: string; pid: number }[] = [];
  for (const file of files) {
    const pid = Number(readFileSync(path.join(pidDir, file), "utf8").trim());
    if (Number.isInteger(pid) && pid > 1 && isOurs(pid, runDir)) {
      try {
        process.kill(pid, "SIGKILL");
        killed.push({ name: file.replace(/\.pid$/, ""), pid });
      } catch {
        // exited meanwhile
      }
    }
    rmSync(path.join(pidDir, file), { force: true });
  }
  await waitUntil(
    "leftovers of an interrupted run to exit",
    15_000,
    () => Promise.resolve(killed.every(({ pid }) => !existsSync(`/proc/${pid}`))),
    100,
  );
  return killed.map(({ name, pid }) => `${name} (${pid})`);
}

/**
 * The harness marker in its environment, or for Redis (whose process title overwrites that memory) a working
 * directory under this harness's run directory (`--dir`).
 */
function isOurs(pid: number, runDir: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`${HARNESS_MARKER}=1`)) return true;
  } catch {
    return false;
  }
  try {
    return readlinkSync(`/proc/${pid}/cwd`).startsWith(`${runDir}${path.sep}`);
  } catch {
    return false;
  }
}

export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined | false>,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`${what} not within ${Math.round(timeoutMs / 1000)} s${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs a command to completion with its output inherited (or captured); rejects on a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; capture?: boolean } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env, [HARNESS_MARKER]: "1" },
      stdio: options.capture ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
    });
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code ?? signal}${out ? `\n${out.trim()}` : ""}`));
    });
  });
}
