import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { sha256 } from "@/components/waiting-room/proof-of-work-sha256";
import { createPuzzleSearch, solveProofOfWork } from "@/components/waiting-room/proof-of-work-solver";

const nodeSha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The digest's first 32 bits, for checking leading zero bits up to 32. */
const firstWord = (text: string) => createHash("sha256").update(text, "utf8").digest().readUInt32BE(0);

describe("the solver's SHA-256", () => {
  it("when hashing messages of every length around the block boundaries, then it equals node:crypto", () => {
    for (let length = 0; length <= 200; length++) {
      const message = randomBytes(length);
      assert.equal(hex(sha256(message)), nodeSha256(message), `length ${length}`);
    }
  });

  it("when hashing 500 random messages up to 2 KB and non-ASCII text, then it equals node:crypto", () => {
    for (let n = 0; n < 500; n++) {
      const message = randomBytes(Math.floor(Math.random() * 2048));
      assert.equal(hex(sha256(message)), nodeSha256(message));
    }
    const text = "Grüße, 你好, 🎟️ coupon";
    assert.equal(hex(sha256(new TextEncoder().encode(text))), nodeSha256(text));
  });

  it("when the known test vector 'abc' is hashed, then the digest is the published one", () => {
    assert.equal(
      hex(sha256(new TextEncoder().encode("abc"))),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});

describe("the puzzle search", () => {
  it("when challenges of every prefix length are searched, then each nonce found solves its puzzle per node:crypto", () => {
    const bits = 10;
    for (let length = 1; length <= 130; length++) {
      const challenge = "c".repeat(length);
      const index = length % 7;
      const search = createPuzzleSearch(challenge, index, bits);
      let nonce: string | null = null;
      while (nonce === null) nonce = search.run(100_000);
      assert.equal(firstWord(`${challenge}:${index}:${nonce}`) >>> (32 - bits), 0, `prefix length ${length}`);
      assert.ok(nonce.length <= 64, nonce);
    }
  });

  it("when the search finds a nonce, then every earlier try failed: it is the first solution of its counter", () => {
    const search = createPuzzleSearch("first", 0, 8);
    let nonce: string | null = null;
    while (nonce === null) nonce = search.run(1);
    assert.ok(search.attempts >= 1);
    assert.equal(firstWord(`first:0:${nonce}`) >>> 24, 0);
  });

  it("when the difficulty is 0 bits, then the first try is the answer", () => {
    const search = createPuzzleSearch("easy", 3, 0);
    assert.notEqual(search.run(1), null);
    assert.equal(search.attempts, 1);
  });

  it("when a whole challenge is solved, then there is one solution per puzzle, each one holding", async () => {
    const challenge = "v1.42.dXNlcg.1700000000000.16.8.bm9uY2U.bWFj";
    const solutions = await solveProofOfWork({ challenge, puzzles: 16, difficultyBits: 8 });
    assert.equal(solutions.length, 16);
    solutions.forEach((nonce, i) => assert.equal(firstWord(`${challenge}:${i}:${nonce}`) >>> 24, 0, `puzzle ${i}`));
  });

  it("when the signal is aborted, then solving rejects with its reason", async () => {
    const controller = new AbortController();
    controller.abort(new Error("left the page"));
    await assert.rejects(
      solveProofOfWork({ challenge: "x", puzzles: 4, difficultyBits: 20 }, controller.signal),
      /left the page/,
    );
  });

  it("when the signal is aborted while solving, then it stops within a slice instead of finishing the work", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error("left the page")), 20);
    // 64 puzzles of 22 bits take minutes; the abort must end it in about one 50 ms slice.
    await assert.rejects(
      solveProofOfWork({ challenge: "x", puzzles: 64, difficultyBits: 22 }, controller.signal),
      /left the page/,
    );
    assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  });
});
