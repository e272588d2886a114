import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { solveProofOfWork } from "@/components/waiting-room/proof-of-work";
import { isAppError } from "@/server/errors";
import {
  CHALLENGE_TTL_MS,
  redeemRoomProof,
  roomChallenge,
  type ProofOfWorkDeps,
} from "@/server/features/waiting-room/proof-of-work-gate";
import { deriveChallengeKey } from "@/server/features/waiting-room/proof-of-work";
import type { RedisClient } from "@/server/infra/redis-client";

/** Just the two commands the gate sends, over Maps: HMGET of a room's hash, SET NX PX as Redis answers it. */
function fakeRedis(rooms: Record<string, Record<string, string>>) {
  const strings = new Map<string, { value: string; px: number }>();
  const client = {
    hmget: (key: string, ...fields: string[]) => Promise.resolve(fields.map((field) => rooms[key]?.[field] ?? null)),
    set: (key: string, value: string, _px: "PX", px: number, _nx: "NX") => {
      if (strings.has(key)) return Promise.resolve(null);
      strings.set(key, { value, px });
      return Promise.resolve("OK");
    },
  };
  return { client: client as unknown as RedisClient, strings };
}

const couponId = 7;
const userId = "shopper-1";
const now = 1_800_000_000_000;

function deps(isRequired: boolean, roomAsks = "1") {
  const redis = fakeRedis({ [`{coupon:${couponId}}:room`]: { state: "waiting", proofOfWork: roomAsks } });
  const gate: ProofOfWorkDeps = {
    redis: redis.client,
    config: { isRequired, puzzles: 4, difficultyBits: 5 },
    key: deriveChallengeKey("a-session-secret-of-at-least-32-characters"),
    now: () => now,
  };
  return { gate, strings: redis.strings };
}

async function refusal(promise: Promise<unknown>): Promise<[number, string, string]> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return [error.status, error.code, error.message];
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("the room's proof-of-work gate", () => {
  for (const [name, shopWide, roomAsks] of [
    ["for the shop", false, "1"],
    ["for this sale", true, "0"],
  ] as const)
    it(`when switched off ${name}, then the challenge says so and joining never reads the body`, async () => {
      const { gate, strings } = deps(shopWide, roomAsks);
      assert.deepEqual(await roomChallenge(couponId, userId, gate), {
        required: false,
        challenge: null,
        puzzles: 0,
        difficultyBits: 0,
        expiresAt: null,
      });
      let bodyRead = false;
      await redeemRoomProof(
        couponId,
        userId,
        () => {
          bodyRead = true;
          return Promise.resolve({ junk: true });
        },
        gate,
      );
      assert.deepEqual([bodyRead, strings.size], [false, 0]);
    });

  it("when the sale has no room, then the challenge is 404 whether or not the proof is on", async () => {
    for (const isRequired of [true, false]) {
      const { gate } = deps(isRequired);
      assert.deepEqual((await refusal(roomChallenge(99, userId, gate))).slice(0, 2), [404, "NOT_FOUND"]);
    }
  });

  it("when a solved challenge is redeemed, then it is marked used until it expires, and a second use is refused", async () => {
    const { gate, strings } = deps(true);
    const challenge = await roomChallenge(couponId, userId, gate);
    assert.ok(challenge.required);
    assert.deepEqual([challenge.puzzles, challenge.difficultyBits], [4, 5]);
    assert.equal(challenge.expiresAt, new Date(now + CHALLENGE_TTL_MS).toISOString());
    const proof = { challenge: challenge.challenge, solutions: await solveProofOfWork(challenge) };

    await redeemRoomProof(couponId, userId, () => Promise.resolve(proof), gate);
    const [[usedKey, used]] = [...strings.entries()] as [[string, { value: string; px: number }]];
    assert.match(usedKey, /^\{coupon:7\}:room:pow:[A-Za-z0-9_-]+$/);
    assert.deepEqual(used, { value: "1", px: CHALLENGE_TTL_MS });

    const again = await refusal(redeemRoomProof(couponId, userId, () => Promise.resolve(proof), gate));
    assert.deepEqual(again, [403, "PROOF_INVALID", "The challenge has been used already; ask for a new one."]);
  });

  it("when the proof is missing or malformed, then 400 BAD_REQUEST; when it does not hold, then 403 PROOF_INVALID", async () => {
    const { gate, strings } = deps(true);
    assert.deepEqual(
      (await refusal(redeemRoomProof(couponId, userId, () => Promise.resolve(undefined), gate)))[1],
      "BAD_REQUEST",
    );
    const malformed = { challenge: "x", solutions: "abc" };
    assert.deepEqual(
      (await refusal(redeemRoomProof(couponId, userId, () => Promise.resolve(malformed), gate)))[1],
      "BAD_REQUEST",
    );
    const unsolved = {
      challenge: (await roomChallenge(couponId, userId, gate)).challenge,
      solutions: ["a", "b", "c", "d"],
    };
    const [status, code] = await refusal(redeemRoomProof(couponId, userId, () => Promise.resolve(unsolved), gate));
    assert.deepEqual([status, code, strings.size], [403, "PROOF_INVALID", 0]);
  });
});
