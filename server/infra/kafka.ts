import { Kafka, Partitioners, logLevel, type Admin } from "kafkajs";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { instanceId } from "@/server/infra/instance";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("kafka");

/** The consumer group that settles orders (the payment workers). */
export const ORDERS_CONSUMER_GROUP = "payment-workers";

/**
 * A broker that refuses connections fails a connect in this long; one that accepts and goes silent fails each
 * request after KAFKA_REQUEST_TIMEOUT_MS (kafkajs defaults: 1 s and 30 s). Nobody waits on a produce (the
 * shopper has 202 already), so these bound how long a worker or a readiness probe hangs on a sick broker.
 */
export const KAFKA_CONNECTION_TIMEOUT_MS = 1_000;
export const KAFKA_REQUEST_TIMEOUT_MS = 5_000;

const toPinoLevel: Record<number, "error" | "warn" | "info" | "debug"> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

export const kafka = globalSingleton(
  "kafka",
  () =>
    new Kafka({
      clientId: `flash-sale-${instanceId}`,
      brokers: env.KAFKA_BROKERS,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log: entry }) => {
          const { message, ...extra } = entry;
          log[toPinoLevel[level] ?? "info"]({ namespace, ...extra }, message);
        },
      connectionTimeout: KAFKA_CONNECTION_TIMEOUT_MS,
      requestTimeout: KAFKA_REQUEST_TIMEOUT_MS,
      retry: { retries: 5, initialRetryTime: 100 },
    }),
);

let admin: Promise<Admin> | undefined;

/** One admin connection per process, reconnected after a failure. */
async function connectedAdmin(timeoutMs: number): Promise<Admin> {
  admin ??= (async () => {
    const created = kafka.admin();
    await created.connect();
    return created;
  })();
  const pending = admin;
  try {
    return await withTimeout(pending, timeoutMs);
  } catch (error) {
    if (admin === pending) admin = undefined;
    // A connect that completes after its caller gave up would hold a socket open, and the process with it.
    void pending.then((late) => late.disconnect()).catch(() => undefined);
    throw error;
  }
}

/**
 * Ends the admin connection, if any. Scripts must: the broker keeps an idle connection for ten minutes, and an
 * open socket keeps a Node process alive that long after its work is done.
 */
export async function disconnectKafkaAdmin() {
  const current = admin;
  admin = undefined;
  await current?.then((connected) => connected.disconnect()).catch(() => undefined);
}

/** Readiness probe: the broker answers metadata within the timeout. */
export async function isKafkaReachable(timeoutMs = 2000): Promise<boolean> {
  try {
    const connected = await connectedAdmin(timeoutMs);
    await withTimeout(connected.describeCluster(), timeoutMs);
    return true;
  } catch {
    // Next probe starts from a fresh connection; this one's socket is closed rather than left to linger.
    void disconnectKafkaAdmin();
    return false;
  }
}

/** Messages of `topic` that consumer group `groupId` has not committed yet (the settlement backlog). */
export async function consumerLag(groupId: string, topic: string, timeoutMs = 2000): Promise<number> {
  const byPartition = await consumerLagByPartition(groupId, topic, timeoutMs);
  return [...byPartition.values()].reduce((sum, lag) => sum + lag, 0);
}

/** The same backlog, partition by partition. */
export async function consumerLagByPartition(
  groupId: string,
  topic: string,
  timeoutMs = 2000,
): Promise<Map<number, number>> {
  const connected = await connectedAdmin(timeoutMs);
  const [ends, committed] = await withTimeout(
    Promise.all([connected.fetchTopicOffsets(topic), connected.fetchOffsets({ groupId, topics: [topic] })]),
    timeoutMs,
  );
  const committedByPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return new Map(
    ends.map((end) => {
      const done = committedByPartition.get(end.partition) ?? -1;
      // -1: the group has committed nothing on this partition yet, so everything from the low watermark is due.
      const from = done < 0 ? Number(end.low) : done;
      return [end.partition, Math.max(0, Number(end.high) - from)];
    }),
  );
}

const partitioner = Partitioners.DefaultPartitioner();

/**
 * The partition a keyed message lands on, computed the way every producer of ours does (the Java-compatible
 * murmur2 partitioner over all partitions), so one coupon's backlog can be told from the others'.
 */
export function partitionOfKey(topic: string, key: string, partitionCount: number): number {
  return partitioner({
    topic,
    partitionMetadata: Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      partitionErrorCode: 0,
    })),
    message: { key, value: null },
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
