import type { RedisClient } from "@/server/infra/redis-client";
import { decodeOrderEvent, type OrderEvent } from "@/server/events/order-event";
import { finishSettlement, type SettledOrder } from "@/server/features/payments/finish-settlement";
import type { SettlementResults } from "@/server/features/payments/settlement-results";
import { withTransientRetry } from "@/server/features/payments/retry-transient";
import { settleBatch, type Settlement } from "@/server/features/payments/settlement-repository";
import { env } from "@/server/env";
import { ORDERS_CONSUMER_GROUP } from "@/server/infra/kafka";
import { createKafkaBatchConsumer, type ChunkContext, type Received } from "@/server/infra/kafka-batch-consumer";
import type { ConsumerVerdict } from "@/server/infra/kafka-batch-consumer-health";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";

const log = childLogger("payment-consumer");

export const PAYMENT_GROUP_ID = ORDERS_CONSUMER_GROUP;
/** A backlog with no settled batch for this long marks the consumer unhealthy (MySQL hung, a batch stuck). */
export const DEFAULT_STALL_AFTER_MS = 60_000;
const LAG_INTERVAL_MS = 5_000;
/**
 * Orders per MySQL transaction: bounds how long the coupon and user rows stay locked. Larger transactions
 * settled faster up to this size and gained nothing beyond it (`npm run bench:settlement`, bench/README.md
 * "Settlement transactions"), and IN lists stay below MariaDB's in_predicate_conversion_threshold (1000).
 */
const MAX_ORDERS_PER_TRANSACTION = 500;
/**
 * Half of the 6 partitions at a time: all 6 at once settled no faster where MySQL and Node share the CPUs
 * (bench/README.md, "Settlement transactions"), and this leaves most of the 10-connection pool to the
 * post-commit credit lookups.
 */
const PARTITIONS_SETTLED_AT_ONCE = 3;

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
  const results = options.results ?? untoldResults();
  let settledCount = 0;

  /**
   * One chunk of a partition, as one story: settle it in MySQL (retrying what a retry can cure), dead-letter the
   * orders no retry can, then release or keep the Redis reservations and tell the shoppers.
   */
  const settleChunk = async (chunk: Received<OrderEvent>[], { heartbeat, deadLetter }: ChunkContext) => {
    // Distinct orders only: a duplicate inside one chunk would otherwise be inserted twice in one transaction.
    const byId = new Map(chunk.map((received) => [received.item.orderId, received]));
    const events = [...byId.values()].map((received) => received.item);
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
    await deadLetter(
      broken.map((s) => byId.get(s.event.orderId)!.message),
      broken.map((s) => (s.outcome === "FAILED" ? s.error : undefined))[0],
    );
    await finishSettlement(options.redis, settlements.map(toSettled), results);
    countSettled(settlements);
    settledCount += settlements.length;
  };

  const consumer = createKafkaBatchConsumer({
    groupId: options.groupId ?? PAYMENT_GROUP_ID,
    topic: options.topic ?? env.KAFKA_ORDERS_TOPIC,
    dlqTopic: options.dlqTopic ?? env.KAFKA_ORDERS_DLQ_TOPIC,
    log,
    decode: decodeOrderEvent,
    malformedError: new Error("malformed order event"),
    handle: settleChunk,
    maxChunkSize: MAX_ORDERS_PER_TRANSACTION,
    partitionsConsumedConcurrently: PARTITIONS_SETTLED_AT_ONCE,
    stallAfterMs: options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS,
    lagIntervalMs: options.lagIntervalMs ?? LAG_INTERVAL_MS,
    gauges: { lag: metrics.consumerLag, healthy: metrics.consumerHealthy },
    onDeadLettered: (count, error) => {
      metrics.ordersDeadLettered.inc(count);
      log.error({ count, error }, "order events dead-lettered");
    },
    onDead: options.onDead,
  });

  return {
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    get settledCount() {
      return settledCount;
    },
    health: () => ({ ...consumer.health(), settledCount }),
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
