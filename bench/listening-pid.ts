import { execFileSync } from "node:child_process";

/** The process listening on a loopback port (for CPU when the bench targets one instance directly). */
export function listeningPid(port: number): number | undefined {
  try {
    const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}
