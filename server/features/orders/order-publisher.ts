import {
  CompressionTypes,
  Partitioners,
  type ICustomPartitioner,
  type Message,
  type Producer,
  type RecordMetadata,
} from "kafkajs";
import { MicroBatcher } from "@/server/features/orders/micro-batcher";
import { orderEventMessage, type OrderEvent } from "@/server/events/order-event";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { kafka } from "@/server/infra/kafka";
import { childLogger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";
import { onShutdown } from "@/server/infra/shutdown";

const log = childLogger("order-publisher");

/** How long a batch keeps being sent (each try included) before its orders are left to the pending-order sweeper. */
const PUBLISH_TIMEOUT_MS = 5_000;
/** Pause before the first re-send of a whole batch, doubled per re-send up to MAX_RESEND_BACKOFF_MS. */
const RESEND_BACKOFF_MS = 100;
const MAX_RESEND_BACKOFF_MS = 1_000;
const MAX_BATCH = 500;

/*
 * Producer settings.
 * - acks = -1 (all in-sync replicas): once acknowledged, an order survives the loss of a broker. The shopper
 *   does not wait for it (purchase-coupon.ts: the pending record in Redis is the outbox until then).
 * - idempotent: false. kafkajs marks it experimental and it needs maxInFlightRequests = 1, which would queue
 *   our micro-batches behind each other. The duplicates it prevents (a retried produce request written twice)
 *   are harmless here: settlement is idempotent by order id (orders.id primary key, ledger unique(orderId, kind)),
 *   and the sweeper re-publishes on purpose anyway.
 * - No client retries: kafkajs 2.2.4 retries a send only toward brokers that have not answered yet, so when a
 *   partition's leader moves to a broker that already answered, that partition's messages are never written and
 *   send() still resolves (tulios/kafkajs#1303). We re-send the whole batch instead: each send() starts afresh
 *   and maps every partition to its current leader. Within PUBLISH_TIMEOUT_MS; after that the sweeper takes over.
 */
function createProducer(createPartitioner: ICustomPartitioner): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner,
    idempotent: false,
    retry: { retries: 0 },
  });
}

/**
 * The Java-compatible murmur2 partitioner (the same coupon lands on the same partition whichever client sends
 * it), remembering the partition it chose for each message so an acknowledgement can be checked against it.
 */
function recordingPartitioner(chosen: WeakMap<Message, number>): ICustomPartitioner {
  return () => {
    const partitioner = Partitioners.DefaultPartitioner();
    return (args) => {
      const partition = partitioner(args);
      chosen.set(args.message, partition);
      return partition;
    };
  };
}

/** Partitions this send's messages went to that the acknowledgement does not confirm as written. */
export function unconfirmedPartitions(topic: string, expected: Iterable<number>, written: RecordMetadata[]): number[] {
  const confirmed = new Set(
    written.filter((meta) => meta.topicName === topic && meta.errorCode === 0).map((meta) => meta.partition),
  );
  return [...new Set(expected)].filter((partition) => !confirmed.has(partition)).sort((a, b) => a - b);
}

export class IncompleteAcknowledgementError extends Error {
  override name = "IncompleteAcknowledgementError";
  constructor(readonly partitions: number[]) {
    super(`Kafka acknowledged the send without partitions ${partitions.join(", ")}`);
  }
}

export interface OrderPublisher {
  publish(event: OrderEvent): Promise<void>;
  /** Sends these events now, one request (the sweeper's re-publish). */
  publishNow(events: OrderEvent[]): Promise<void>;
  close(): Promise<void>;
}

export interface OrderPublisherOptions {
  topic?: string;
  lingerMs?: number;
  /** Builds the producer around the given partitioner; tests pass a fake broker. */
  createProducer?: (createPartitioner: ICustomPartitioner) => Producer;
  publishTimeoutMs?: number;
  resendBackoffMs?: number;
}

export function createOrderPublisher(options: OrderPublisherOptions = {}): OrderPublisher {
  const topic = options.topic ?? env.KAFKA_ORDERS_TOPIC;
  const chosenPartition = new WeakMap<Message, number>();
  const producer = (options.createProducer ?? createProducer)(recordingPartitioner(chosenPartition));
  const publishTimeoutMs = options.publishTimeoutMs ?? PUBLISH_TIMEOUT_MS;
  const resendBackoffMs = options.resendBackoffMs ?? RESEND_BACKOFF_MS;
  let connected: Promise<void> | undefined;
  const connect = () => {
    connected ??= producer.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    return connected;
  };

  /** One produce request of fresh messages; fails unless every partition they went to was acknowledged. */
  const sendOnce = async (events: OrderEvent[], timeoutMs: number) => {
    const messages = events.map(orderEventMessage);
    await withTimeout(
      (async () => {
        await connect();
        const written = await producer.send({
          topic,
          acks: -1,
          timeout: timeoutMs,
          compression: CompressionTypes.None,
          messages,
        });
        const expected = messages
          .map((message) => chosenPartition.get(message))
          .filter((partition) => partition !== undefined);
        if (expected.length < messages.length)
          throw new Error("the producer did not partition every message of the batch");
        const missing = unconfirmedPartitions(topic, expected, written);
        if (missing.length > 0) throw new IncompleteAcknowledgementError(missing);
      })(),
      timeoutMs,
    );
  };

  const send = async (events: OrderEvent[]) => {
    const deadline = Date.now() + publishTimeoutMs;
    for (let resends = 0; ; resends++) {
      try {
        await sendOnce(events, Math.max(1, deadline - Date.now()));
        return;
      } catch (error) {
        const backoffMs = Math.min(MAX_RESEND_BACKOFF_MS, resendBackoffMs * 2 ** resends);
        if (Date.now() + backoffMs >= deadline) throw error;
        metrics.orderBatchesResent.inc();
        log.warn(
          { err: error, orders: events.length, resend: resends + 1, backoffMs },
          "order batch not acknowledged; sending it again whole",
        );
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
      }
    }
  };
  const batcher = new MicroBatcher<OrderEvent>({
    lingerMs: options.lingerMs ?? env.KAFKA_LINGER_MS,
    maxBatch: MAX_BATCH,
    send,
  });

  return {
    publish: (event) => batcher.submit(event),
    publishNow: (events) => (events.length === 0 ? Promise.resolve() : send(events)),
    async close() {
      await batcher.drain();
      if (connected) await producer.disconnect();
      connected = undefined;
    },
  };
}

/** The process-wide publisher the purchase path uses; disconnected on shutdown. */
export function orderPublisher(): OrderPublisher {
  return globalSingleton("order-publisher", () => {
    const publisher = createOrderPublisher();
    onShutdown("order-publisher", () => publisher.close());
    return publisher;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Kafka did not acknowledge within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
