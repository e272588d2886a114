/**
 * A small synchronous SHA-256 for the waiting room's proof of work. WebCrypto's digest is asynchronous: one
 * promise per hash costs far more than the hash of one block (bench/README.md), so the solver hashes here.
 *
 * Built for the solver's loop: a message is a fixed prefix, hashed once into a midstate, followed by a short
 * tail that changes on every attempt; each attempt then costs one compression (the tail, with its padding,
 * fits one block).
 */

const ROUND_CONSTANTS = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const INITIAL_STATE = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

export const BLOCK_BYTES = 64;

/** The eight state words after some whole blocks, and how many bytes those blocks held. */
export interface Midstate {
  words: Int32Array;
  bytesHashed: number;
}

const schedule = new Int32Array(64);

/** Runs one compression of `block` (16 big-endian words) over `state`, writing the result into `out`. */
export function compress(state: Int32Array, block: Int32Array, out: Int32Array): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) w[i] = block[i]!;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + ROUND_CONSTANTS[i]! + w[i]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  out[0] = (state[0]! + a) | 0;
  out[1] = (state[1]! + b) | 0;
  out[2] = (state[2]! + c) | 0;
  out[3] = (state[3]! + d) | 0;
  out[4] = (state[4]! + e) | 0;
  out[5] = (state[5]! + f) | 0;
  out[6] = (state[6]! + g) | 0;
  out[7] = (state[7]! + h) | 0;
}

/** Big-endian words of 64 bytes starting at `offset`. */
export function readBlock(bytes: Uint8Array, offset: number, into: Int32Array): Int32Array {
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    into[i] = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
  }
  return into;
}

/** Hashes every whole block of `bytes`; the rest (fewer than 64 bytes) is left for the tail. */
export function midstateOf(bytes: Uint8Array): { midstate: Midstate; rest: Uint8Array } {
  const words = new Int32Array(INITIAL_STATE);
  const block = new Int32Array(16);
  const whole = bytes.length - (bytes.length % BLOCK_BYTES);
  for (let offset = 0; offset < whole; offset += BLOCK_BYTES) compress(words, readBlock(bytes, offset, block), words);
  return { midstate: { words, bytesHashed: whole }, rest: bytes.slice(whole) };
}

/** Writes SHA-256's end of message into `block` after its `used` bytes: 0x80, zeros, the length in bits. */
export function padLastBlock(block: Uint8Array, used: number, totalBytes: number): void {
  block.fill(0, used);
  block[used] = 0x80;
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const bits = totalBytes * 8;
  view.setUint32(BLOCK_BYTES - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(BLOCK_BYTES - 4, bits >>> 0);
}

/** SHA-256 of a whole message: the reference the solver's loop is checked against in tests. */
export function sha256(message: Uint8Array): Uint8Array {
  const { midstate, rest } = midstateOf(message);
  const tail = new Uint8Array(rest.length + 9 > BLOCK_BYTES ? 2 * BLOCK_BYTES : BLOCK_BYTES);
  tail.set(rest);
  tail[rest.length] = 0x80;
  const bits = message.length * 8;
  const view = new DataView(tail.buffer);
  view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(tail.length - 4, bits >>> 0);
  const words = midstate.words.slice();
  const block = new Int32Array(16);
  for (let offset = 0; offset < tail.length; offset += BLOCK_BYTES)
    compress(words, readBlock(tail, offset, block), words);
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  words.forEach((word, i) => out.setInt32(i * 4, word));
  return digest;
}
