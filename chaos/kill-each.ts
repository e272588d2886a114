import { timeUntilBack } from "@/chaos/scenarios";
import { unhealthyParts, waitUntilHealthy } from "@/chaos/stack-health";
import { programs, signalRecorded, type Program } from "@/chaos/stack-processes";

/**
 * `npm run chaos -- --kill-each`: SIGKILL every program the stack owns, one at a time, by its recorded pid, and
 * time how long until it runs again under a new pid and the whole stack serves (every instance ready, worker
 * healthy, NGINX and Keycloak answering, supervisord reporting everything RUNNING). No load: this measures the
 * self-healing alone; the scenarios measure what a sale loses meanwhile (nothing).
 */

/** The promise made in the README: any process killed is back and serving within this. */
export const BACK_WITHIN_MS = 15_000;
const GIVE_UP_MS = 120_000;

export interface KillReport {
  program: Program;
  killedPid: number;
  backAfterMs?: number;
  stillDown: string[];
}

export async function killEach(only: readonly Program[] = programs): Promise<KillReport[]> {
  const reports: KillReport[] = [];
  for (const program of only) {
    if ((await waitUntilHealthy(180_000)) === undefined)
      throw new Error(`the stack is not healthy before killing ${program}`);
    process.stdout.write(`kill -9 ${program} …\n`);
    const killedAt = performance.now();
    const killedPid = await signalRecorded(program, "SIGKILL");
    const backAfterMs = await timeUntilBack({ detail: "", target: program, killedPid }, killedAt, GIVE_UP_MS, 100);
    reports.push({
      program,
      killedPid,
      backAfterMs,
      stillDown: backAfterMs === undefined ? await unhealthyParts() : [],
    });
  }
  return reports;
}

export function killEachTable(reports: readonly KillReport[]): string {
  const rows = reports.map((r) => {
    const back =
      r.backAfterMs === undefined
        ? `NOT BACK after ${GIVE_UP_MS / 1000} s: ${r.stillDown.join("; ")}`
        : `${(r.backAfterMs / 1000).toFixed(1)} s`;
    const verdict =
      r.backAfterMs !== undefined && r.backAfterMs <= BACK_WITHIN_MS ? "ok" : `over ${BACK_WITHIN_MS / 1000} s`;
    return `${r.program.padEnd(15)} | ${String(r.killedPid).padEnd(7)} | ${back.padEnd(12)} | ${verdict}`;
  });
  return [
    `${"program".padEnd(15)} | ${"pid".padEnd(7)} | ${"serving after".padEnd(12)} | within ${BACK_WITHIN_MS / 1000} s`,
    "-".repeat(56),
    ...rows,
  ].join("\n");
}

export const allBackInTime = (reports: readonly KillReport[]) =>
  reports.every((r) => r.backAfterMs !== undefined && r.backAfterMs <= BACK_WITHIN_MS);
