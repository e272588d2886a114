import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import { closeConnections } from "@/server/infra/close-connections";
import { startLeaderLoop } from "@/server/infra/leader-loop";
import { redis } from "@/server/infra/redis";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

after(closeConnections);

describe("leader loop (real Redis)", () => {
  it("when three instances run the same loop, then one works at a time, and another takes over when it stops", async () => {
    const leaderKey = `test:leader:${randomUUID()}`;
    const rounds = [0, 0, 0];
    const loops = rounds.map((_, i) =>
      startLeaderLoop({
        redis,
        leaderKey,
        leaseMs: 300,
        intervalMs: 20,
        work: () => {
          rounds[i] = (rounds[i] ?? 0) + 1;
          return Promise.resolve();
        },
        onError: (error) => assert.fail(String(error)),
      }),
    );
    await sleep(400);
    const working = rounds.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
    assert.equal(working.length, 1, `rounds per instance: ${rounds.join(",")}`);

    const leader = working[0]!;
    await loops[leader]!.close();
    const before = [...rounds];
    await sleep(400);
    const successors = rounds.map((n, i) => (i !== leader && n > (before[i] ?? 0) ? i : -1)).filter((i) => i >= 0);
    assert.equal(successors.length, 1, `rounds after the leader stopped: ${rounds.join(",")}`);
    assert.equal(rounds[leader], before[leader], "a stopped loop does no more rounds");
    await Promise.all(loops.map((loop) => loop.close()));
  });
});
