import { joinRoomBody, type RoomChallengeView } from "@/contract/room";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import {
  checkProof,
  deriveChallengeKey,
  issueChallenge,
  proofRefusals,
  type ProofOfWorkSize,
} from "@/server/features/waiting-room/proof-of-work";
import { roomKeys, roomProofUsedKey } from "@/server/features/waiting-room/room-keys";
import { redis as sharedRedis } from "@/server/infra/redis";
import type { RedisClient } from "@/server/infra/redis-client";
import { parseInput } from "@/server/validation";

/** How long a challenge stays valid: ample for a slow phone's solve, short enough that hoarding them does not pay. */
export const CHALLENGE_TTL_MS = 3 * 60_000;

export interface ProofOfWorkConfig extends ProofOfWorkSize {
  isRequired: boolean;
}

export interface ProofOfWorkDeps {
  redis: RedisClient;
  config: ProofOfWorkConfig;
  key: Buffer;
  now: () => number;
}

let derivedKey: Buffer | undefined;

/** The running process's settings; tests pass their own. */
export function proofOfWorkDeps(): ProofOfWorkDeps {
  derivedKey ??= deriveChallengeKey(env.NEXTAUTH_SECRET);
  return {
    redis: sharedRedis,
    config: {
      isRequired: env.ROOM_PROOF_OF_WORK,
      puzzles: env.ROOM_POW_PUZZLES,
      difficultyBits: env.ROOM_POW_DIFFICULTY_BITS,
    },
    key: derivedKey,
    now: Date.now,
  };
}

const notRequired: RoomChallengeView = {
  required: false,
  challenge: null,
  puzzles: 0,
  difficultyBits: 0,
  expiresAt: null,
};

/**
 * Whether joining this sale's room costs a proof of work: the shop has it on and the room asks for it (the admin's
 * per-sale switch, kept in the room's hash). Null when the sale has no room.
 */
async function roomAsksForProof(couponId: number, deps: ProofOfWorkDeps): Promise<boolean | null> {
  const [state, proofOfWork] = await deps.redis.hmget(roomKeys(couponId).room, "state", "proofOfWork");
  if (!state) return null;
  return deps.config.isRequired && proofOfWork !== "0";
}

/** A challenge for this shopper to join this sale's room; 404 when the sale has none, as its status answers. */
export async function roomChallenge(
  couponId: number,
  userId: string,
  deps: ProofOfWorkDeps = proofOfWorkDeps(),
): Promise<RoomChallengeView> {
  const asks = await roomAsksForProof(couponId, deps);
  if (asks === null) throw new AppError("NOT_FOUND", { message: "This sale has no waiting room." });
  if (!asks) return notRequired;
  const { config } = deps;
  const { challenge, claims } = issueChallenge(
    deps.key,
    { couponId, userId, puzzles: config.puzzles, difficultyBits: config.difficultyBits },
    CHALLENGE_TTL_MS,
    deps.now(),
  );
  return {
    required: true,
    challenge,
    puzzles: claims.puzzles,
    difficultyBits: claims.difficultyBits,
    expiresAt: new Date(claims.expiresAtMs).toISOString(),
  };
}

/**
 * Lets the shopper in when the proof of work is switched off (for the shop or this sale) or the sale has no room
 * (the join says so), or when `readProof` yields a proof that holds for them and this sale and was never used;
 * else 400 (malformed body) or 403 PROOF_INVALID. The body is read only when a proof is required. The proof is spent before the join, in one SET NX, so two requests racing with the
 * same proof cannot both pass.
 */
export async function redeemRoomProof(
  couponId: number,
  userId: string,
  readProof: () => Promise<unknown>,
  deps: ProofOfWorkDeps = proofOfWorkDeps(),
): Promise<void> {
  if (!deps.config.isRequired || !(await roomAsksForProof(couponId, deps))) return;
  const proof = parseInput(joinRoomBody, await readProof());
  const nowMs = deps.now();
  const check = checkProof(deps.key, proof, { couponId, userId, nowMs });
  if (!check.holds) throw new AppError("PROOF_INVALID", { message: proofRefusals[check.refusal] });
  const usedFor = Math.max(1, check.claims.expiresAtMs - nowMs);
  const first = await deps.redis.set(roomProofUsedKey(couponId, check.claims.nonce), "1", "PX", usedFor, "NX");
  if (first !== "OK") throw new AppError("PROOF_INVALID", { message: proofRefusals.used });
}
