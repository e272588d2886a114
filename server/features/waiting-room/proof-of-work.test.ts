import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { solveProofOfWork } from "@/components/waiting-room/proof-of-work";
import {
  checkProof,
  deriveChallengeKey,
  hasLeadingZeroBits,
  issueChallenge,
  readChallenge,
  solutionHolds,
} from "@/server/features/waiting-room/proof-of-work";

const key = deriveChallengeKey("a-session-secret-of-at-least-32-characters");
const now = 1_800_000_000_000;
const shopper = { couponId: 42, userId: "4f8a7d8e-0000-4000-8000-000000000001" };
const size = { puzzles: 8, difficultyBits: 6 };
const issue = (claims = shopper) => issueChallenge(key, { ...claims, ...size }, 60_000, now);
const expected = { ...shopper, nowMs: now + 1_000 };

async function solved(challenge: string, puzzles = size.puzzles, difficultyBits = size.difficultyBits) {
  return { challenge, solutions: await solveProofOfWork({ challenge, puzzles, difficultyBits }) };
}

/** The challenge with one character of part `index` (dot-separated) changed. */
function tampered(challenge: string, index: number): string {
  const parts = challenge.split(".");
  const part = parts[index] ?? "";
  parts[index] = (part[0] === "1" ? "2" : "1") + part.slice(1);
  return parts.join(".");
}

describe("proof-of-work challenges", () => {
  it("when a challenge is issued, then reading it back gives the same claims", () => {
    const { challenge, claims } = issue();
    assert.deepEqual(readChallenge(key, challenge), claims);
    assert.deepEqual(
      [claims.couponId, claims.userId, claims.expiresAtMs, claims.puzzles, claims.difficultyBits],
      [42, shopper.userId, now + 60_000, 8, 6],
    );
  });

  it("when two challenges are issued for the same shopper, then they differ (a random nonce in each)", () => {
    assert.notEqual(issue().challenge, issue().challenge);
  });

  it("when any part of the payload or the signature is changed, then the challenge is refused as forged", () => {
    const { challenge } = issue();
    for (let part = 0; part < 8; part++)
      assert.equal(readChallenge(key, tampered(challenge, part)), null, `part ${part}`);
    assert.equal(readChallenge(key, `${challenge}.extra`), null);
    assert.equal(readChallenge(key, "not a challenge"), null);
  });

  it("when a challenge is signed with a key from another secret, then it is refused", () => {
    const other = deriveChallengeKey("another-session-secret-of-32-characters!");
    const { challenge } = issueChallenge(other, { ...shopper, ...size }, 60_000, now);
    assert.equal(readChallenge(key, challenge), null);
  });

  it("when the key is derived, then it is not the secret itself and depends on it", () => {
    const secret = "a-session-secret-of-at-least-32-characters";
    assert.equal(key.length, 32);
    assert.notDeepEqual(key, Buffer.from(secret).subarray(0, 32));
    assert.notDeepEqual(deriveChallengeKey(`${secret}!`), key);
  });
});

describe("checking a proof", () => {
  it("when the solver's solutions are checked, then the proof holds", async () => {
    const { challenge, claims } = issue();
    assert.deepEqual(checkProof(key, await solved(challenge), expected), { holds: true, claims });
  });

  it("when the proof is checked at or after its expiry, then it is refused as expired", async () => {
    const proof = await solved(issue().challenge);
    assert.deepEqual(checkProof(key, proof, { ...expected, nowMs: now + 60_000 }), {
      holds: false,
      refusal: "expired",
    });
  });

  it("when another shopper or another sale sends it, then it is refused for that reason", async () => {
    const proof = await solved(issue().challenge);
    assert.deepEqual(checkProof(key, proof, { ...expected, userId: "someone-else" }), {
      holds: false,
      refusal: "otherUser",
    });
    assert.deepEqual(checkProof(key, proof, { ...expected, couponId: 43 }), { holds: false, refusal: "otherCoupon" });
  });

  it("when a solution is wrong, missing or extra, then it is refused", async () => {
    const proof = await solved(issue().challenge);
    const index = proof.solutions.findIndex(
      (_, i) => !solutionHolds(proof.challenge, i, "zzzzzz", size.difficultyBits),
    );
    assert.ok(index >= 0, "some puzzle that 'zzzzzz' does not solve");
    const wrong = proof.solutions.map((nonce, i) => (i === index ? "zzzzzz" : nonce));
    assert.deepEqual(checkProof(key, { ...proof, solutions: wrong }, expected), {
      holds: false,
      refusal: "wrongSolution",
    });
    assert.deepEqual(checkProof(key, { ...proof, solutions: proof.solutions.slice(1) }, expected), {
      holds: false,
      refusal: "wrongCount",
    });
    assert.deepEqual(checkProof(key, { ...proof, solutions: [...proof.solutions, "0"] }, expected), {
      holds: false,
      refusal: "wrongCount",
    });
  });

  it("when the solutions of one puzzle are sent for another, then they do not hold (the index is hashed)", async () => {
    const proof = await solved(issue().challenge, size.puzzles, 12);
    const shifted = [...proof.solutions.slice(1), proof.solutions[0] ?? ""];
    const holding = shifted.filter((nonce, i) => solutionHolds(proof.challenge, i, nonce, 12)).length;
    assert.ok(holding < size.puzzles, "a shifted set of 12-bit solutions holds only by chance (1 in 4096 each)");
  });

  it("when a forged challenge carries valid-looking solutions, then it is refused before any hashing matters", async () => {
    const proof = await solved(tampered(issue().challenge, 3));
    assert.deepEqual(checkProof(key, proof, expected), { holds: false, refusal: "forged" });
  });
});

describe("leading zero bits", () => {
  it("when digests start with exactly n zero bits, then n holds and n + 1 does not", () => {
    for (let n = 0; n < 40; n++) {
      const digest = new Uint8Array(32).fill(0xff);
      for (let bit = 0; bit < n; bit++) digest[bit >> 3]! &= ~(0x80 >> (bit & 7)) & 0xff;
      assert.equal(hasLeadingZeroBits(digest, n), true, `${n} bits`);
      assert.equal(hasLeadingZeroBits(digest, n + 1), false, `${n + 1} bits`);
    }
  });
});
