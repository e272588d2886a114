import { CompressionTypes, Partitioners, type Producer } from "kafkajs";
import { MicroBatcher } from "@/server/features/orders/micro-batcher";
import { orderEventMessage, type OrderEvent } from "@/server/features/orders/order-event";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { kafka } from "@/server/infra/kafka";
import { onShutdown } from "@/server/infra/shutdown";

/** How long a batch waits for the broker before its orders are left to the pending-order sweeper. */
const PUBLISH_TIMEOUT_MS = 5_000;
const MAX_BATCH = 500;

/*
 * Producer settings.
 * - acks = -1 (all in-sync replicas): once acknowledged, an order survives the loss of a broker. The shopper
 *   does not wait for it (purchase-coupon.ts: the pending record in Redis is the outbox until then).
 * - idempotent: false. kafkajs marks it experimental and it needs maxInFlightRequests = 1, which would queue
 *   our micro-batches behind each other. The duplicates it prevents (a retried produce request written twice)
 *   are harmless here: settlement is idempotent by order id (orders.id primary key, ledger unique(orderId, kind)),
 *   and the sweeper re-publishes on purpose anyway.
 * - Few, quick retries: after PUBLISH_TIMEOUT_MS the sweeper's re-publish takes over, so a long-stuck batch
 *   does not hold the next one back.
 */
function createProducer(): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    // The Java-compatible murmur2 partitioner: the same coupon lands on the same partition whichever client sends it.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: false,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}

export interface OrderPublisher {
  publish(event: OrderEvent): Promise<void>;
  /** Sends these events now, one request (the sweeper's re-publish). */
  publishNow(events: OrderEvent[]): Promise<void>;
  close(): Promise<void>;
}

export function createOrderPublisher(options: { topic?: string; lingerMs?: number; producer?: Producer } = {}): OrderPublisher {
  const topic = options.topic ?? env.KAFKA_ORDERS_TOPIC;
  const producer = options.producer ?? createProducer();
  let connected: Promise<void> | undefined;
  const connect = () => {
    connected ??= producer.connect().catch((error: unknown) => {
      connected = undefined;
      throw error;
    });
    return connected;
  };

  const send = async (events: OrderEvent[]) => {
    await connect();
    await withTimeout(
      producer.send({
        topic,
        acks: -1,
        timeout: PUBLISH_TIMEOUT_MS,
        compression: CompressionTypes.None,
        messages: events.map(orderEventMessage),
      }),
      PUBLISH_TIMEOUT_MS,
    );
  };
  const batcher = new MicroBatcher<OrderEvent>({ lingerMs: options.lingerMs ?? env.KAFKA_LINGER_MS, maxBatch: MAX_BATCH, send });

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
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
