import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { KafkaMessage } from "kafkajs";
import {
  consumeBatch,
  deadLetterOf,
  type BatchControls,
  type BatchRules,
  type Received,
} from "@/server/infra/kafka-batch-consumer-batch";

const PARTITION = 4;

function message(offset: number, value: string | null): KafkaMessage {
  return {
    key: Buffer.from("k"),
    value: value === null ? null : Buffer.from(value),
    timestamp: "0",
    attributes: 0,
    offset: String(offset),
    headers: {},
  };
}

/** Numbers decode; anything else is poison. */
function decodeNumber(value: Buffer | null): number {
  const parsed = Number(value?.toString());
  if (value === null || !Number.isInteger(parsed)) throw new Error("not a number");
  return parsed;
}

/** Runs one batch against fakes and returns, in order, everything the loop did to Kafka and the handler. */
async function run(values: (string | null)[], overrides: Partial<BatchRules<number>> & { runningFor?: number } = {}) {
  const steps: string[] = [];
  let checks = 0;
  const controls = {
    batch: { partition: PARTITION, messages: values.map((value, offset) => message(offset, value)) },
    resolveOffset: (offset: string) => void steps.push(`resolve ${offset}`),
    commitOffsetsIfNecessary: () => Promise.resolve(void steps.push("commit")),
    heartbeat: () => Promise.resolve(void steps.push("heartbeat")),
    isRunning: () => checks++ < (overrides.runningFor ?? Infinity),
    isStale: () => false,
  } as unknown as BatchControls;
  const rules: BatchRules<number> = {
    decode: decodeNumber,
    malformedError: new Error("malformed"),
    maxChunkSize: 2,
    handle: (chunk: Received<number>[]) =>
      Promise.resolve(void steps.push(`handle ${chunk.map((r) => r.item).join(",")}`)),
    deadLetter: (partition, messages, error) =>
      Promise.resolve(
        void (
          messages.length > 0 &&
          steps.push(`dead-letter p${partition} ${messages.map((m) => m.offset).join(",")} ${(error as Error).message}`)
        ),
      ),
    ...overrides,
  };
  const outcome = await consumeBatch(controls, rules).then(
    () => "done",
    (error: unknown) => `failed: ${(error as Error).message}`,
  );
  return { steps, outcome };
}

describe("consumeBatch", () => {
  it("when a batch holds more than a chunk, then chunks are handled in order and each offset is resolved only after its chunk", async () => {
    const { steps } = await run(["10", "11", "12", "13", "14"]);
    assert.deepEqual(steps, [
      "handle 10,11",
      "resolve 1",
      "commit",
      "heartbeat",
      "handle 12,13",
      "resolve 3",
      "commit",
      "heartbeat",
      "handle 14",
      "resolve 4",
      "commit",
      "heartbeat",
    ]);
  });

  it("when the handler rejects, then the failing chunk's offsets are not resolved and the batch fails", async () => {
    let calls = 0;
    const { steps, outcome } = await run(["1", "2", "3", "4"], {
      handle: () => (++calls === 2 ? Promise.reject(new Error("store down")) : Promise.resolve()),
    });
    assert.equal(outcome, "failed: store down");
    assert.deepEqual(
      steps.filter((step) => step.startsWith("resolve")),
      ["resolve 1"],
    );
  });

  it("when a message cannot be decoded, then it is dead-lettered before the chunk and its offset is committed with it", async () => {
    const { steps } = await run(["1", "garbage", null, "2"], { maxChunkSize: 10 });
    assert.deepEqual(steps, ["dead-letter p4 1,2 malformed", "handle 1,2", "resolve 3", "commit", "heartbeat"]);
  });

  it("when only poison arrives, then nothing is handled and its offsets are still committed", async () => {
    const { steps } = await run(["x", "y"]);
    assert.deepEqual(steps, ["dead-letter p4 0,1 malformed", "resolve 1", "commit", "heartbeat"]);
  });

  it("when the consumer stops mid-batch, then what was read is handled and nothing past it is resolved", async () => {
    const { steps } = await run(["1", "2", "3", "4", "5"], { runningFor: 3, maxChunkSize: 10 });
    assert.deepEqual(steps, ["handle 1,2,3", "resolve 2", "commit", "heartbeat"]);
  });

  it("when the batch is empty, then no offset is resolved and the heartbeat still goes", async () => {
    const { steps } = await run([]);
    assert.deepEqual(steps, ["heartbeat"]);
  });

  it("when the handler dead-letters part of its chunk, then the letters go to the batch's partition", async () => {
    const { steps } = await run(["1", "2"], {
      maxChunkSize: 10,
      handle: async (chunk, context) => context.deadLetter([chunk[1]!.message], new Error("cannot settle")),
    });
    assert.deepEqual(steps, ["dead-letter p4 1 cannot settle", "resolve 1", "commit", "heartbeat"]);
  });
});

describe("deadLetterOf", () => {
  it("when a message is dead-lettered, then it keeps key and value and names its source and a bounded error", () => {
    const original = message(7, "payload");
    const letter = deadLetterOf(original, { topic: "orders", partition: 2, error: "E".repeat(1500) });
    assert.equal(letter.key, original.key);
    assert.equal(letter.value, original.value);
    assert.deepEqual(
      { ...letter.headers, error: letter.headers.error.length },
      { error: 1000, sourceTopic: "orders", sourcePartition: "2", sourceOffset: "7" },
    );
  });
});
