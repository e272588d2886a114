import type { Logger } from "pino";
import { Partitioners, type Consumer, type KafkaMessage, type Producer } from "kafkajs";
import { consumeBatch, deadLetterOf, type ChunkHandler } from "@/server/infra/kafka-batch-consumer-batch";
import {
  assessConsumerHealth,
  withLag,
  type ConsumerHealthState,
  type ConsumerVerdict,
} from "@/server/infra/kafka-batch-consumer-health";
import { consumerLagByPartition, kafka } from "@/server/infra/kafka";

export type { ChunkContext, ChunkHandler, Received } from "@/server/infra/kafka-batch-consumer-batch";

/** What the consumer reports through, so each use of it keeps its own metric names. */
interface GaugeLike {
  set(value: number): void;
}

export interface KafkaBatchConsumerOptions<T> {
  groupId: string;
  topic: string;
  dlqTopic: string;
  log: Logger;
  decode: (value: Buffer | null) => T;
  /** The error a dead letter of an undecodable message carries. */
  malformedError: Error;
  handle: ChunkHandler<T>;
  /** Most messages handed to `handle` at once. */
  maxChunkSize: number;
  partitionsConsumedConcurrently: number;
  /** A backlog with no chunk handled for this long marks the consumer unhealthy. */
  stallAfterMs: number;
  lagIntervalMs: number;
  gauges: { lag: GaugeLike; healthy: GaugeLike };
  /** After messages reached the dead-letter topic, with the error text their headers carry. */
  onDeadLettered?: (count: number, error: string) => void;
  /** Called once when kafkajs gives the consumer up for good (CRASH without restart). */
  onDead?: (error: unknown) => void;
}

export interface KafkaBatchConsumer {
  /** Resolves once the consumer has joined its group. */
  start(): Promise<void>;
  /** Stops fetching, lets the batch in hand finish, disconnects. */
  stop(): Promise<void>;
  health(): { verdict: ConsumerVerdict; lag: number | null };
}

/**
 * A consumer group member that hands a topic's messages to `handle` in chunks, at least once (see consumeBatch),
 * dead-letters what cannot be decoded or what the handler gives up on, and knows whether it is healthy: crashed
 * for good, or stalled with a backlog on the partitions it owns.
 */
export function createKafkaBatchConsumer<T>(options: KafkaBatchConsumerOptions<T>): KafkaBatchConsumer {
  const { topic, groupId, log, gauges } = options;
  const consumer: Consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
  });
  const dlq: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let state: ConsumerHealthState = {
    crashed: false,
    joined: false,
    lastProgressAt: Date.now(),
    lag: null,
    backlogSince: null,
  };
  let assigned: number[] = [];
  let lagTimer: NodeJS.Timeout | undefined;

  const deadLetter = async (partition: number, messages: KafkaMessage[], error: unknown) => {
    if (messages.length === 0) return;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await dlq.send({
      topic: options.dlqTopic,
      acks: -1,
      messages: messages.map((message) => deadLetterOf(message, { topic, partition, error: text })),
    });
    options.onDeadLettered?.(messages.length, text);
  };

  const handle: ChunkHandler<T> = async (chunk, context) => {
    await options.handle(chunk, context);
    state = { ...state, lastProgressAt: Date.now() };
  };

  const measureLag = async () => {
    try {
      const byPartition = await consumerLagByPartition(groupId, topic);
      const lag = assigned.reduce((sum, partition) => sum + (byPartition.get(partition) ?? 0), 0);
      gauges.lag.set(lag);
      state = withLag(state, lag, Date.now());
    } catch (error) {
      // Unknown is not zero: the stall clock keeps what it had, and the gauge its last value.
      log.warn({ err: error }, "consumer lag unavailable");
    }
    gauges.healthy.set(assessConsumerHealth(state, Date.now(), options.stallAfterMs).healthy ? 1 : 0);
  };

  return {
    async start() {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned = payload.memberAssignment[topic] ?? [];
        state = { ...state, joined: true };
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        state = { ...state, crashed: true };
        gauges.healthy.set(0);
        log.fatal({ err: payload.error }, "Kafka consumer crashed and will not restart");
        options.onDead?.(payload.error);
      });
      await dlq.connect();
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const joined = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
          remove();
          resolve();
        });
      });
      await consumer.run({
        eachBatchAutoResolve: false,
        autoCommit: true,
        // Commit whenever we resolve: resolve happens only after the handler is done with the chunk.
        autoCommitThreshold: 1,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
        eachBatch: (payload) =>
          consumeBatch(payload, {
            decode: options.decode,
            malformedError: options.malformedError,
            maxChunkSize: options.maxChunkSize,
            handle,
            deadLetter,
          }),
      });
      await joined;
      lagTimer = setInterval(() => void measureLag(), options.lagIntervalMs);
      lagTimer.unref();
      await measureLag();
    },
    async stop() {
      clearInterval(lagTimer);
      await consumer.disconnect();
      await dlq.disconnect();
    },
    health() {
      return { verdict: assessConsumerHealth(state, Date.now(), options.stallAfterMs), lag: state.lag };
    },
  };
}
