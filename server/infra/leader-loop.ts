import { randomUUID } from "node:crypto";
import { acquireLease, releaseLease, renewLease } from "@/server/infra/lock";
import type { RedisClient } from "@/server/infra/redis-client";

export interface LeaderLoopOptions {
  redis: RedisClient;
  /** The lease key: one holder among all instances runs `work`. */
  leaderKey: string;
  leaseMs: number;
  intervalMs: number;
  /** One round of the leader's work; never overlaps itself. */
  work(): Promise<void>;
  /** Called when this instance stops being the leader (or never became it), e.g. to forget what it last sent. */
  onFollower?(): void;
  /** A round that threw: logged by the caller, the loop goes on. */
  onError(error: unknown): void;
}

/**
 * Work that one instance does for all of them, every `intervalMs`: each round takes or renews a Redis lease first,
 * so when the leader dies its lease runs out within `leaseMs` and another instance carries on.
 */
export function startLeaderLoop(options: LeaderLoopOptions) {
  const { redis, leaderKey, leaseMs } = options;
  const token = randomUUID();
  let isLeader = false;
  let running = false;

  const round = async () => {
    if (running) return;
    running = true;
    try {
      isLeader = isLeader
        ? await renewLease(redis, leaderKey, token, leaseMs)
        : await acquireLease(redis, leaderKey, token, leaseMs);
      if (isLeader) await options.work();
      else options.onFollower?.();
    } catch (error) {
      options.onError(error);
    } finally {
      running = false;
    }
  };

  const timer = setInterval(() => void round(), options.intervalMs);
  timer.unref();
  return {
    isLeader: () => isLeader,
    async close() {
      clearInterval(timer);
      if (isLeader) await releaseLease(redis, leaderKey, token);
    },
  };
}
