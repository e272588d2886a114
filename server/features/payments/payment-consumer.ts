import type { RedisClient } from "@/server/infra/redis-client";
import { Partitioners, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from "kafkajs";
import { decodeOrderEvent, type OrderEvent } from "@/server/features/orders/order-event";
import {
  assessConsumerHealth,
  withLag,
  type ConsumerHealthState,
  type ConsumerVerdict,
} from "@/server/features/payments/consumer-health";
import { finishSettlement, type SettledOrder } from "@/server/features/payments/finish-settlement";
import type { SettlementResults } from "@/server/features/payments/settlement-results";
import { withTransientRetry } from "@/server/features/payments/retry-transient";
import { settleBatch, type Settlement } from "@/server/features/payments/settlement-repository";
import { env } from "@/server/env";
import { ORDERS_CONSUMER_GROUP, consumerLagByPartition, kafka } from "@/server/infra/kafka";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("payment-consumer");

export const PAYMENT_GROUP_ID = ORDERS_CONSUMER_GROUP;
/** A backlog with no settled batch for this long marks the consumer unhealthy (MySQL hung, a batch stuck). */
export const DEFAULT_STALL_AFTER_MS = 60_000;
const LAG_INTERVAL_MS = 5_000;
/**
 * Orders per MySQL transaction: bounds how long the coupon and user rows stay locked (~50–150 ms at 500 on
 * 2 cores). Measured with bench/settlement-capacity.ts (20,000 orders): 500 settles ~4,800 orders/s,
 * 200 ~4,000; beyond 500 gains nothing, and IN lists stay below MariaDB's in_predicate_conversion_threshold (1000).
 */
const MAX_ORDERS_PER_TRANSACTION = 500;

export interface PaymentConsumerOptions {
  redis: RedisClient;
  /**
   * Where settled results go (the realtime layer's publisher, wired in by the worker). Without it results are
   * settled but nobody is told: the order API still answers, and a warning says so at start.
   */
  results?: SettlementResults;
  groupId?: string;
  topic?: string;
  dlqTopic?: string;
  stallAfterMs?: number;
  lagIntervalMs?: number;
  /** Called once when kafkajs gives the consumer up for good (CRASH without restart). */
  onDead?: (error: unknown) => void;
}

export interface ConsumerHealth {
  verdict: ConsumerVerdict;
  lag: number | null;
  settledCount: number;
}

export interface PaymentConsumer {
  /** Resolves once the consumer has joined its group. */
  start(): Promise<void>;
  /** Stops fetching, lets the batch in hand finish, disconnects. */
  stop(): Promise<void>;
  readonly settledCount: number;
  health(): ConsumerHealth;
}

/**
 * The settlement consumer. At-least-once by design: offsets are resolved and committed only after the MySQL
 * commit, so a crash replays the tail of a batch, and replays are harmless (orders.id primary key, ledger
 * unique(orderId, kind), and the Redis scripts act only while the pending record exists).
 * An event settles whether or not Redis still holds its pending record: the record is the outbox, not the
 * reservation's proof. MySQL's conditional stock decrement and unique (user, coupon) are the guards, so a Redis
 * that lost its data cannot turn an accepted order into a refusal (the warm-up keeps the sale closed meanwhile).
 */
export function createPaymentConsumer(options: PaymentConsumerOptions): PaymentConsumer {
  const topic = options.topic ?? env.KAFKA_ORDERS_TOPIC;
  const groupId = options.groupId ?? PAYMENT_GROUP_ID;
  const dlqTopic = options.dlqTopic ?? env.KAFKA_ORDERS_DLQ_TOPIC;
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
  let settledCount = 0;
  const stallAfterMs = options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  let state: ConsumerHealthState = {
    crashed: false,
    joined: false,
    lastProgressAt: Date.now(),
    lag: null,
    backlogSince: null,
  };
  let assigned: number[] = [];
  let lagTimer: NodeJS.Timeout | undefined;
  const results = options.results ?? untoldResults();

  const toDlq = async (source: { partition: number; message: KafkaMessage }[], error: unknown) => {
    if (source.length === 0) return;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await dlq.send({
      topic: dlqTopic,
      acks: -1,
      messages: source.map(({ partition, message }) => ({
        key: message.key,
        value: message.value,
        headers: {
          error: text.slice(0, 1000),
          sourceTopic: topic,
          sourcePartition: String(partition),
          sourceOffset: message.offset,
        },
      })),
    });
    metrics.ordersDeadLettered.inc(source.length);
    log.error({ count: source.length, error: text }, "order events dead-lettered");
  };

  const settleChunk = async (
    chunk: { event: OrderEvent; message: KafkaMessage }[],
    partition: number,
    redis: RedisClient,
    heartbeat: () => Promise<void>,
  ) => {
    // Distinct orders only: a duplicate inside one chunk would otherwise be inserted twice in one transaction.
    const byId = new Map(chunk.map((item) => [item.event.orderId, item]));
    const events = [...byId.values()].map((item) => item.event);
    const settlements = await withTransientRetry(() => settleBatch(events), {
      onRetry: async (error, attempt, delayMs) => {
        metrics.settlementRetries.inc();
        log.warn(
          { err: error, attempt, delayMs, orders: events.length },
          "settlement hit a transient MySQL error; retrying",
        );
        await heartbeat();
      },
    });
    const broken = settlements.filter((s) => s.outcome === "FAILED" && s.reason === "SETTLEMENT_ERROR");
    await toDlq(
      broken.map((s) => ({ partition, message: byId.get(s.event.orderId)!.message })),
      broken.map((s) => (s.outcome === "FAILED" ? s.error : undefined))[0],
    );
    await finishSettlement(redis, settlements.map(toSettled), results);
    countSettled(settlements);
    settledCount += settlements.length;
    state = { ...state, lastProgressAt: Date.now() };
  };

  const measureLag = async () => {
    try {
      const byPartition = await consumerLagByPartition(groupId, topic);
      const lag = assigned.reduce((sum, partition) => sum + (byPartition.get(partition) ?? 0), 0);
      metrics.consumerLag.set(lag);
      state = withLag(state, lag, Date.now());
    } catch (error) {
      // Unknown is not zero: the stall clock keeps what it had, and the gauge its last value.
      log.warn({ err: error }, "consumer lag unavailable");
    }
    metrics.consumerHealthy.set(assessConsumerHealth(state, Date.now(), stallAfterMs).healthy ? 1 : 0);
  };

  const eachBatch = async ({
    batch,
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    isRunning,
    isStale,
  }: EachBatchPayload) => {
    const poison: { partition: number; message: KafkaMessage }[] = [];
    let chunk: { event: OrderEvent; message: KafkaMessage }[] = [];
    const flush = async () => {
      await toDlq(poison.splice(0), new Error("malformed order event"));
      if (chunk.length > 0) await settleChunk(chunk, batch.partition, options.redis, heartbeat);
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
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assigned = payload.memberAssignment[topic] ?? [];
        state = { ...state, joined: true };
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        state = { ...state, crashed: true };
        metrics.consumerHealthy.set(0);
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
        // Commit whenever we resolve: resolve happens only after a MySQL commit.
        autoCommitThreshold: 1,
        // 3 of the 6 partitions at a time: on 2 cores, 6 measured no faster (MySQL and Node share the CPUs), and
        // it leaves most of the 10-connection pool to the post-commit credit lookups.
        partitionsConsumedConcurrently: 3,
        eachBatch,
      });
      await joined;
      lagTimer = setInterval(() => void measureLag(), options.lagIntervalMs ?? LAG_INTERVAL_MS);
      lagTimer.unref();
      await measureLag();
    },
    async stop() {
      clearInterval(lagTimer);
      await consumer.disconnect();
      await dlq.disconnect();
    },
    get settledCount() {
      return settledCount;
    },
    health() {
      return { verdict: assessConsumerHealth(state, Date.now(), stallAfterMs), lag: state.lag, settledCount };
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

/** First settlements only: a replay was counted when it first settled. */
function countSettled(settlements: Settlement[]) {
  for (const settlement of settlements) {
    if (settlement.outcome === "PAID") metrics.ordersSettled.inc({ status: "PAID", reason: "" });
    else if (settlement.outcome === "FAILED")
      metrics.ordersSettled.inc({ status: "FAILED", reason: settlement.reason });
  }
}

function untoldResults(): SettlementResults {
  log.warn("payment consumer started without a results publisher: shoppers are not told of settled orders");
  return { publish: () => Promise.resolve() };
}
