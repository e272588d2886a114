import { rm } from "node:fs/promises";
import { sleep } from "@/bench/concurrency";
import { unhealthyParts } from "@/chaos/stack-health";
import {
  isAlive,
  recordedPid,
  redisDataDir,
  signalRecorded,
  supervisorctl,
  type Program,
} from "@/chaos/stack-processes";

/**
 * The failures a sale day brings, one at a time. Each injects its fault through the pids and the supervisord the
 * stack recorded, and returns when the fault is over (the killed process may still be coming back: measuring how
 * long that takes is the point).
 */

export interface Injection {
  /** What was done, for the report. */
  detail: string;
  /** The program hit; it must be running again (under a new pid when it was killed) for recovery to count. */
  target: Program;
  killedPid?: number;
}

export interface Scenario {
  id: number;
  name: string;
  inject: () => Promise<Injection>;
  /** Slower recoveries (JVM start-up, an empty Redis re-filled from MySQL) get more time. */
  recoveryTimeoutMs: number;
}

async function killRecorded(target: Program, detail: string): Promise<Injection> {
  const killedPid = await signalRecorded(target, "SIGKILL");
  return { detail: `${detail} (pid ${killedPid})`, target, killedPid };
}

export const scenarios: Scenario[] = [
  {
    id: 1,
    name: "kill -9 one app instance mid-sale",
    recoveryTimeoutMs: 60_000,
    inject: () => killRecorded("app-2", "SIGKILL app-2"),
  },
  {
    id: 2,
    name: "kill -9 the payment worker mid-batch",
    recoveryTimeoutMs: 60_000,
    inject: () => killRecorded("payment-worker", "SIGKILL payment-worker"),
  },
  {
    id: 3,
    name: "Kafka stopped for 10 s",
    recoveryTimeoutMs: 90_000,
    inject: async () => {
      await supervisorctl("stop", "kafka");
      await sleep(10_000);
      await supervisorctl("start", "kafka");
      return { detail: "supervisorctl stop kafka; 10 s; start", target: "kafka" };
    },
  },
  {
    id: 4,
    name: "Redis restarted (append-only file kept)",
    recoveryTimeoutMs: 60_000,
    inject: () => killRecorded("redis", "SIGKILL redis, supervisord restarts it"),
  },
  {
    id: 5,
    name: "Redis restarted empty (data lost)",
    recoveryTimeoutMs: 120_000,
    inject: async () => {
      await supervisorctl("stop", "redis");
      await rm(redisDataDir(), { recursive: true, force: true });
      await supervisorctl("start", "redis");
      return { detail: "supervisorctl stop redis; data directory deleted; start", target: "redis" };
    },
  },
  {
    id: 6,
    name: "MariaDB restarted mid-settlement",
    recoveryTimeoutMs: 90_000,
    inject: () => killRecorded("mariadb", "SIGKILL mariadb, supervisord restarts it"),
  },
  {
    id: 7,
    name: "Keycloak restarted (accounts kept)",
    recoveryTimeoutMs: 180_000,
    inject: () => killRecorded("keycloak", "SIGKILL keycloak, supervisord restarts it"),
  },
];

/** The target runs again, under a new pid when it was killed. */
export async function targetIsBack(injection: Injection): Promise<boolean> {
  const pid = await recordedPid(injection.target);
  return isAlive(pid) && pid !== injection.killedPid;
}

/**
 * Milliseconds from `sinceMs` until the target runs again and the whole stack serves; undefined when that did not
 * happen within `timeoutMs`.
 */
export async function timeUntilBack(
  injection: Injection,
  sinceMs: number,
  timeoutMs: number,
  pollMs: number,
): Promise<number | undefined> {
  while (performance.now() - sinceMs < timeoutMs) {
    if ((await targetIsBack(injection)) && (await unhealthyParts()).length === 0)
      return Math.round(performance.now() - sinceMs);
    await sleep(pollMs);
  }
  return undefined;
}
