import type Redis from "ioredis";
import { Partitioners, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from "kafkajs";
import { couponKeys } from "@/server/features/inventory/coupon-keys";
import { decodeOrderEvent, type OrderEvent } from "@/server/features/orders/order-event";
import { finishSettlement, type SettledOrder } from "@/server/features/payments/finish-settlement";
import { settleBatch, type Settlement } from "@/server/features/payments/settlement-repository";
import { env } from "@/server/env";
import { kafka } from "@/server/infra/kafka";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("payment-consumer");

export const PAYMENT_GROUP_ID = "payment-workers";
/**
 * Orders per MySQL transaction: bounds how long the coupon and user rows stay locked (~50–150 ms at 500 on
 * 2 cores). Measured with bench/settlement-capacity.ts (20,000 orders): 500 settles ~4,800 orders/s,
 * 200 ~4,000; beyond 500 gains nothing, and IN lists stay below MariaDB's in_predicate_conversion_threshold (1000).
 */
const MAX_ORDERS_PER_TRANSACTION = 500;
const DEADLOCK_RETRIES = 3;

export interface PaymentConsumerOptions {
  redis: Redis;
  groupId?: string;
  topic?: string;
  dlqTopic?: string;
}

export interface PaymentConsumer {
  /** Resolves once the consumer has joined its group. */
  start(): Promise<void>;
  /** Stops fetching, lets the batch in hand finish, disconnects. */
  stop(): Promise<void>;
  readonly settledCount: number;
}

/**
 * The settlement consumer. At-least-once by design: offsets are resolved and committed only after the MySQL
 * commit, so a crash replays the tail of a batch, and replays are harmless (orders.id primary key, ledger
 * unique(orderId, kind), and the Redis scripts act only while the pending record exists).
 */
export function createPaymentConsumer(options: PaymentConsumerOptions): PaymentConsumer {
  const topic = options.topic ?? env.KAFKA_ORDERS_TOPIC;
  const dlqTopic = options.dlqTopic ?? env.KAFKA_ORDERS_DLQ_TOPIC;
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId ?? PAYMENT_GROUP_ID,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    maxWaitTimeInMs: 100,
  });
  const dlq: Producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  let settledCount = 0;

  const toDlq = async (source: { partition: number; message: KafkaMessage }[], error: unknown) => {
    if (source.length === 0) return;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await dlq.send({
      topic: dlqTopic,
      acks: -1,
      messages: source.map(({ partition, message }) => ({
        key: message.key,
        value: message.value,
        headers: { error: text.slice(0, 1000), sourceTopic: topic, sourcePartition: String(partition), sourceOffset: message.offset },
      })),
    });
    log.error({ count: source.length, error: text }, "order events dead-lettered");
  };

  const settleChunk = async (chunk: { event: OrderEvent; message: KafkaMessage }[], partition: number, redis: Redis) => {
    // Distinct orders only: a duplicate inside one chunk would otherwise be inserted twice in one transaction.
    const byId = new Map(chunk.map((item) => [item.event.orderId, item]));
    const events = [...byId.values()].map((item) => item.event);
    const held = await heldReservations(redis, events);
    const settlements = await withDeadlockRetry(() => settleBatch(events, (orderId) => held.has(orderId)));
    const broken = settlements.filter((s) => s.outcome === "FAILED" && s.reason === "SETTLEMENT_ERROR");
    await toDlq(
      broken.map((s) => ({ partition, message: byId.get(s.event.orderId)!.message })),
      broken.map((s) => (s.outcome === "FAILED" ? s.error : undefined))[0],
    );
    await finishSettlement(redis, settlements.map(toSettled));
    settledCount += settlements.length;
  };

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
    const poison: { partition: number; message: KafkaMessage }[] = [];
    let chunk: { event: OrderEvent; message: KafkaMessage }[] = [];
    const flush = async () => {
      await toDlq(poison.splice(0), new Error("malformed order event"));
      if (chunk.length > 0) await settleChunk(chunk, batch.partition, options.redis);
      const last = chunk.at(-1)?.message.offset;
      chunk = [];
      return last;
    };
    let lastOffset: string | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      try {
        chunk.push({ event: decodeOrderEvent(message.value), message });
      } catch {
        poison.push({ partition: batch.partition, message });
      }
      lastOffset = message.offset;
      if (chunk.length >= MAX_ORDERS_PER_TRANSACTION) {
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
  };

  return {
    async start() {
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
        // Commit whenever we resolve: resolve happens only after a MySQL commit.
        autoCommitThreshold: 1,
        // 3 of the 6 partitions at a time: on 2 cores, 6 measured no faster (MySQL and Node share the CPUs), and
        // it leaves most of the 10-connection pool to the post-commit credit lookups.
        partitionsConsumedConcurrently: 3,
        eachBatch,
      });
      await joined;
    },
    async stop() {
      await consumer.disconnect();
      await dlq.disconnect();
    },
    get settledCount() {
      return settledCount;
    },
  };
}

function toSettled(settlement: Settlement): SettledOrder {
  if (settlement.outcome === "PAID") return { event: settlement.event, status: "PAID", reason: null };
  if (settlement.outcome === "FAILED") return { event: settlement.event, status: "FAILED", reason: settlement.reason };
  return {
    event: settlement.event,
    status: settlement.status === "PAID" ? "PAID" : "FAILED",
    reason: settlement.reason,
    replayed: true,
  };
}

/** Order ids whose pending record Redis still holds (one pipelined round trip). */
export async function heldReservations(redis: Redis, events: OrderEvent[]): Promise<Set<string>> {
  const pipeline = redis.pipeline();
  for (const event of events) pipeline.hexists(couponKeys(event.couponId).pending, event.orderId);
  const replies = (await pipeline.exec()) ?? [];
  const held = new Set<string>();
  replies.forEach(([error, exists], i) => {
    if (error) throw error;
    if (Number(exists) === 1) held.add(events[i]!.orderId);
  });
  return held;
}

async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const errno = (error as { cause?: { errno?: number } }).cause?.errno ?? (error as { errno?: number }).errno;
      // 1213 deadlock, 1205 lock wait timeout: the transaction was rolled back whole, so retrying is safe.
      if ((errno !== 1213 && errno !== 1205) || attempt > DEADLOCK_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}
