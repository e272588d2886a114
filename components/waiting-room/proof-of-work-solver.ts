import {
  BLOCK_BYTES,
  compress,
  midstateOf,
  padLastBlock,
  readBlock,
} from "@/components/waiting-room/proof-of-work-sha256";

/**
 * The browser's side of the waiting room's proof of work: puzzle i asks for a nonce such that
 * SHA-256(`${challenge}:${i}:${nonce}`) starts with `difficultyBits` zero bits. Pure TypeScript, no DOM: the page
 * runs it in a Web Worker, the bench in Node (both through proof-of-work.ts). A file of its own so that the
 * worker's bundle holds the solver alone.
 */
export interface ProofOfWorkPuzzle {
  challenge: string;
  puzzles: number;
  difficultyBits: number;
}

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
/** The counter's width: 36^6 ≈ 2.2 billion tries per puzzle, far beyond what any allowed difficulty needs. */
const COUNTER_WIDTH = 6;
/** Bytes SHA-256's padding needs at the end of the last block: 0x80 and the 8-byte length. */
const PADDING_BYTES = 9;
/** How long the search runs before it lets the thread breathe (and an abort be seen). */
const SLICE_MS = 50;

export interface PuzzleSearch {
  /** Tries up to `attempts` more nonces; the one found, or null when this slice found none. */
  run(attempts: number): string | null;
  /** Nonces tried so far. */
  readonly attempts: number;
}

/**
 * The search for one puzzle. The message's fixed prefix is hashed once; a nonce is filler (only when the prefix
 * leaves too little room in its last block) plus a fixed-width counter, so that every try is one compression.
 */
export function createPuzzleSearch(challenge: string, index: number, difficultyBits: number): PuzzleSearch {
  if (!Number.isInteger(difficultyBits) || difficultyBits < 0 || difficultyBits > 32) {
    throw new RangeError("difficultyBits must be a whole number from 0 to 32");
  }
  let prefix = new TextEncoder().encode(`${challenge}:${index}:`);
  let filler = "";
  const room = BLOCK_BYTES - (prefix.length % BLOCK_BYTES);
  if (room < COUNTER_WIDTH + PADDING_BYTES) {
    filler = "_".repeat(room);
    const padded = new Uint8Array(prefix.length + room);
    padded.set(prefix);
    padded.fill("_".charCodeAt(0), prefix.length);
    prefix = padded;
  }
  const { midstate, rest } = midstateOf(prefix);
  const block = new Uint8Array(BLOCK_BYTES);
  block.set(rest);
  const counterAt = rest.length;
  padLastBlock(block, counterAt + COUNTER_WIDTH, midstate.bytesHashed + counterAt + COUNTER_WIDTH);
  const digits = new Array<number>(COUNTER_WIDTH).fill(0);
  for (let i = 0; i < COUNTER_WIDTH; i++) block[counterAt + i] = DIGITS.charCodeAt(0);
  const words = readBlock(block, 0, new Int32Array(16));
  const firstWord = counterAt >> 2;
  const lastWord = (counterAt + COUNTER_WIDTH - 1) >> 2;
  const digest = new Int32Array(8);
  const shift = 32 - difficultyBits;
  let tried = 0;

  const nonce = () => filler + digits.map((digit) => DIGITS[digit]).join("");
  const increment = () => {
    for (let i = COUNTER_WIDTH - 1; i >= 0; i--) {
      const next = digits[i]! + 1;
      if (next < DIGITS.length) {
        digits[i] = next;
        block[counterAt + i] = DIGITS.charCodeAt(next);
        return;
      }
      digits[i] = 0;
      block[counterAt + i] = DIGITS.charCodeAt(0);
      if (i === 0) throw new RangeError("no nonce found within the counter's range");
    }
  };

  return {
    get attempts() {
      return tried;
    },
    run(attempts) {
      for (let n = 0; n < attempts; n++) {
        for (let w = firstWord; w <= lastWord; w++) {
          const at = w * 4;
          words[w] = (block[at]! << 24) | (block[at + 1]! << 16) | (block[at + 2]! << 8) | block[at + 3]!;
        }
        compress(midstate.words, words, digest);
        tried++;
        // `>>> 32` would be `>>> 0` in JavaScript, so 32 bits compares the whole word.
        const leading = shift === 0 ? digest[0]! : shift === 32 ? 0 : digest[0]! >>> shift;
        if (leading === 0) return nonce();
        increment();
      }
      return null;
    },
  };
}

/** Why a solve stopped on `signal`: the reason it was aborted with, when that is an Error. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("The proof of work was aborted.", "AbortError");
}

/**
 * Solves every puzzle of a challenge; `solutions[i]` answers puzzle i. Runs in slices of about 50 ms, yielding
 * in between, so that on a main thread the page stays responsive and an abort is seen promptly.
 */
export async function solveProofOfWork(puzzle: ProofOfWorkPuzzle, signal?: AbortSignal): Promise<string[]> {
  const solutions: string[] = [];
  let sliceStart = Date.now();
  for (let index = 0; index < puzzle.puzzles; index++) {
    const search = createPuzzleSearch(puzzle.challenge, index, puzzle.difficultyBits);
    let found: string | null = null;
    while (found === null) {
      if (signal?.aborted) throw abortError(signal);
      found = search.run(4096);
      if (Date.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = Date.now();
      }
    }
    solutions.push(found);
  }
  if (signal?.aborted) throw abortError(signal);
  return solutions;
}
