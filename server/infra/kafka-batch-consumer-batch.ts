import type { EachBatchPayload, KafkaMessage } from "kafkajs";

/** A decoded message, with the Kafka message it came from (its offset, and what a dead letter carries). */
export interface Received<T> {
  item: T;
  message: KafkaMessage;
}

export interface ChunkContext {
  partition: number;
  /** Keeps the group membership alive through a long handler (a retry's back-off). */
  heartbeat: () => Promise<void>;
  /** Sends messages of this partition to the dead-letter topic; their offsets are then committed with the chunk's. */
  deadLetter: (messages: KafkaMessage[], error: unknown) => Promise<void>;
}

/**
 * Handles one chunk of a partition, in offset order. Resolving means the chunk is done for good: its offsets
 * are committed next. Rejecting stops the batch before any of the chunk's offsets are resolved, so kafkajs
 * delivers the chunk again.
 */
export type ChunkHandler<T> = (chunk: Received<T>[], context: ChunkContext) => Promise<void>;

export interface BatchRules<T> {
  /** Throws on a message that can never be handled: it is dead-lettered instead of blocking its partition. */
  decode: (value: Buffer | null) => T;
  /** The error a dead letter of an undecodable message carries. */
  malformedError: Error;
  maxChunkSize: number;
  handle: ChunkHandler<T>;
  deadLetter: (partition: number, messages: KafkaMessage[], error: unknown) => Promise<void>;
}

export type BatchControls = Pick<
  EachBatchPayload,
  "batch" | "resolveOffset" | "heartbeat" | "commitOffsetsIfNecessary" | "isRunning" | "isStale"
>;

/**
 * One kafkajs batch, at least once: messages go to the handler in chunks of at most `maxChunkSize`, and an
 * offset is resolved and committed only after everything before it was handled or dead-lettered. A crash
 * therefore replays the tail of a batch, and the handler must take a replay calmly. A batch that turned stale
 * (a rebalance took the partition) or a consumer that is stopping finishes what it has read and reads no more.
 */
export async function consumeBatch<T>(controls: BatchControls, rules: BatchRules<T>): Promise<void> {
  const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = controls;
  const context: ChunkContext = {
    partition: batch.partition,
    heartbeat,
    deadLetter: (messages, error) => rules.deadLetter(batch.partition, messages, error),
  };
  const poison: KafkaMessage[] = [];
  let chunk: Received<T>[] = [];
  const flush = async () => {
    await context.deadLetter(poison.splice(0), rules.malformedError);
    if (chunk.length > 0) await rules.handle(chunk, context);
    chunk = [];
  };
  let lastOffset: string | undefined;
  for (const message of batch.messages) {
    if (!isRunning() || isStale()) break;
    try {
      chunk.push({ item: rules.decode(message.value), message });
    } catch {
      poison.push(message);
    }
    lastOffset = message.offset;
    if (chunk.length >= rules.maxChunkSize) {
      await flush();
      resolveOffset(lastOffset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }
  await flush();
  if (lastOffset !== undefined) {
    resolveOffset(lastOffset);
    await commitOffsetsIfNecessary();
  }
  await heartbeat();
}

/** The dead letter keeps the message as it was and says where it came from and why it was given up. */
export function deadLetterOf(message: KafkaMessage, source: { topic: string; partition: number; error: string }) {
  return {
    key: message.key,
    value: message.value,
    headers: {
      error: source.error.slice(0, 1000),
      sourceTopic: source.topic,
      sourcePartition: String(source.partition),
      sourceOffset: message.offset,
    },
  };
}
