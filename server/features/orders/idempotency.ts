import type Redis from "ioredis";
import { z } from "zod";
import { AppError, isAppError, type ErrorCode } from "@/server/http/app-error";

/**
 * Idempotency-Key support: the same key from the same user gets the first answer again, success or refusal.
 * The first request claims the key with SET NX before doing anything, so concurrent duplicates cannot both
 * buy; a duplicate that arrives while the first is still running gets 409 CONFLICT. Answers that depend on a
 * passing condition (503, 500) release the claim so a retry with the same key can go through.
 */

const TTL_SECONDS = 24 * 60 * 60;
// A refusal is remembered only as long as a client keeps retrying one click: a sale answers SOLD_OUT thousands of
// times a second, each under a fresh key, and a day of those would fill Redis.
const REFUSAL_TTL_SECONDS = 10 * 60;
const IN_PROGRESS_TTL_SECONDS = 30;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, "must be visible ASCII");

export function idempotencyRedisKey(userId: string, key: string): string {
  return `idem:{user:${userId}}:${key}`;
}

type Stored<T> =
  | { state: "in-progress"; couponId: number }
  | { state: "done"; couponId: number; result: T }
  | { state: "refused"; couponId: number; code: ErrorCode; message: string };

const FINAL_REFUSALS: ReadonlySet<ErrorCode> = new Set([
  "ALREADY_PURCHASED",
  "SOLD_OUT",
  "SALE_NOT_STARTED",
  "SALE_ENDED",
  "NOT_FOUND",
]);

export async function withIdempotency<T>(
  redis: Redis,
  scope: { userId: string; key: string; couponId: number },
  run: () => Promise<T>,
): Promise<T> {
  const redisKey = idempotencyRedisKey(scope.userId, scope.key);
  const claim: Stored<T> = { state: "in-progress", couponId: scope.couponId };
  const claimed = await redis.set(redisKey, JSON.stringify(claim), "EX", IN_PROGRESS_TTL_SECONDS, "NX");
  if (claimed !== "OK") return replay<T>(await redis.get(redisKey), scope.couponId);

  try {
    const result = await run();
    const done: Stored<T> = { state: "done", couponId: scope.couponId, result };
    await redis.set(redisKey, JSON.stringify(done), "EX", TTL_SECONDS);
    return result;
  } catch (error) {
    if (isAppError(error) && FINAL_REFUSALS.has(error.code)) {
      const refused: Stored<T> = { state: "refused", couponId: scope.couponId, code: error.code, message: error.message };
      await redis.set(redisKey, JSON.stringify(refused), "EX", REFUSAL_TTL_SECONDS);
    } else {
      await redis.del(redisKey);
    }
    throw error;
  }
}

function replay<T>(raw: string | null, couponId: number): T {
  // Expired between SET NX and GET: treat like a request still running; the client retries.
  if (raw === null) throw new AppError("CONFLICT", { message: "A request with this Idempotency-Key is in progress." });
  const stored = JSON.parse(raw) as Stored<T>;
  if (stored.couponId !== couponId) {
    throw new AppError("CONFLICT", { message: "This Idempotency-Key was used for a different request." });
  }
  if (stored.state === "done") return stored.result;
  if (stored.state === "refused") throw new AppError(stored.code, { message: stored.message });
  throw new AppError("CONFLICT", { message: "A request with this Idempotency-Key is in progress." });
}
