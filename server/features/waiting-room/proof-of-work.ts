import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The waiting room's proof of work, server side, without I/O: stateless challenges signed with HMAC-SHA256, and
 * the check of a shopper's solutions. Puzzle i asks for a nonce such that SHA-256(`${challenge}:${i}:${nonce}`)
 * starts with `difficultyBits` zero bits (contract/room.ts). Used-once is kept in Redis by the gate.
 *
 * A challenge is `v1.<couponId>.<userId, base64url>.<expiresAtMs>.<puzzles>.<difficultyBits>.<nonce>.<mac>`: the
 * size travels signed inside it, so a challenge stays valid with the size it was issued with while instances
 * with another configuration roll out.
 */

const VERSION = "v1";
const HKDF_SALT = "flash-sale";
/** A purpose label of its own: this key signs challenges only, never sessions, even though both start from one secret. */
const HKDF_INFO = "waiting-room proof-of-work challenge v1";
const MAC_BYTES = 32;

export interface ProofOfWorkSize {
  puzzles: number;
  difficultyBits: number;
}

export interface ChallengeClaims extends ProofOfWorkSize {
  couponId: number;
  userId: string;
  expiresAtMs: number;
  /** Random, base64url: makes every challenge unique, and names it in the used-once key. */
  nonce: string;
}

/** The challenges' signing key, derived from the app's session secret with HKDF so neither key reveals the other. */
export function deriveChallengeKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, HKDF_INFO, MAC_BYTES));
}

function sign(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text).digest();
}

/** A fresh challenge for this shopper and sale, valid `ttlMs` from `nowMs`. */
export function issueChallenge(
  key: Buffer,
  claims: Omit<ChallengeClaims, "nonce" | "expiresAtMs">,
  ttlMs: number,
  nowMs: number,
): { challenge: string; claims: ChallengeClaims } {
  const full: ChallengeClaims = {
    ...claims,
    expiresAtMs: nowMs + ttlMs,
    nonce: randomBytes(16).toString("base64url"),
  };
  const text = [
    VERSION,
    full.couponId,
    Buffer.from(full.userId).toString("base64url"),
    full.expiresAtMs,
    full.puzzles,
    full.difficultyBits,
    full.nonce,
  ].join(".");
  return { challenge: `${text}.${sign(key, text).toString("base64url")}`, claims: full };
}

const WHOLE = /^[0-9]{1,16}$/;
const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;

/** The claims of a challenge this server signed, or null when it is malformed or its signature does not hold. */
export function readChallenge(key: Buffer, challenge: string): ChallengeClaims | null {
  const parts = challenge.split(".");
  if (parts.length !== 8) return null;
  type Eight = [string, string, string, string, string, string, string, string];
  const [version, couponId, userId, expiresAtMs, puzzles, bits, nonce, mac] = parts as Eight;
  if (version !== VERSION) return null;
  if (![couponId, expiresAtMs, puzzles, bits].every((part) => WHOLE.test(part))) return null;
  if (![userId, nonce, mac].every((part) => BASE64URL.test(part))) return null;
  const given = Buffer.from(mac, "base64url");
  const expected = sign(key, challenge.slice(0, challenge.lastIndexOf(".")));
  // Constant time: a byte-by-byte early exit would let a forger learn a valid signature one byte at a time.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return {
    couponId: Number(couponId),
    userId: Buffer.from(userId, "base64url").toString(),
    expiresAtMs: Number(expiresAtMs),
    puzzles: Number(puzzles),
    difficultyBits: Number(bits),
    nonce,
  };
}

/** True when `digest` starts with `bits` zero bits. */
export function hasLeadingZeroBits(digest: Uint8Array, bits: number): boolean {
  const wholeBytes = Math.floor(bits / 8);
  for (let i = 0; i < wholeBytes; i++) if (digest[i] !== 0) return false;
  const rest = bits % 8;
  return rest === 0 || ((digest[wholeBytes] ?? 0) & (0xff << (8 - rest)) & 0xff) === 0;
}

/** Whether `nonce` solves puzzle `index` of `challenge`. */
export function solutionHolds(challenge: string, index: number, nonce: string, difficultyBits: number): boolean {
  const digest = createHash("sha256").update(`${challenge}:${index}:${nonce}`, "utf8").digest();
  return hasLeadingZeroBits(digest, difficultyBits);
}

export const proofRefusals = {
  forged: "The challenge was not issued by this shop; ask for a new one.",
  expired: "The challenge has expired; ask for a new one.",
  otherUser: "The challenge was issued to another shopper.",
  otherCoupon: "The challenge was issued for another sale.",
  wrongCount: "Send one solution per puzzle.",
  wrongSolution: "A solution does not solve its puzzle.",
  used: "The challenge has been used already; ask for a new one.",
} as const;
export type ProofRefusal = keyof typeof proofRefusals;

export type ProofCheck = { holds: true; claims: ChallengeClaims } | { holds: false; refusal: ProofRefusal };

/**
 * Checks a proof for this shopper and sale at `nowMs`: signature first (nothing else of a forged challenge is
 * looked at), then whose and which sale, the expiry, and last the hashes (the only part that costs CPU).
 */
export function checkProof(
  key: Buffer,
  proof: { challenge: string; solutions: readonly string[] },
  expected: { couponId: number; userId: string; nowMs: number },
): ProofCheck {
  const claims = readChallenge(key, proof.challenge);
  if (claims === null) return { holds: false, refusal: "forged" };
  if (claims.userId !== expected.userId) return { holds: false, refusal: "otherUser" };
  if (claims.couponId !== expected.couponId) return { holds: false, refusal: "otherCoupon" };
  if (claims.expiresAtMs <= expected.nowMs) return { holds: false, refusal: "expired" };
  if (proof.solutions.length !== claims.puzzles) return { holds: false, refusal: "wrongCount" };
  const allHold = proof.solutions.every((nonce, index) =>
    solutionHolds(proof.challenge, index, nonce, claims.difficultyBits),
  );
  return allHold ? { holds: true, claims } : { holds: false, refusal: "wrongSolution" };
}
