import { Kafka, logLevel, type Admin } from "kafkajs";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import { instanceId } from "@/server/infra/instance";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("kafka");

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
      logCreator: () => ({ namespace, level, log: entry }) => {
        const { message, ...extra } = entry;
        log[toPinoLevel[level] ?? "info"]({ namespace, ...extra }, message);
      },
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
  try {
    return await withTimeout(admin, timeoutMs);
  } catch (error) {
    admin = undefined;
    throw error;
  }
}

/** Readiness probe: the broker answers metadata within the timeout. */
export async function isKafkaReachable(timeoutMs = 2000): Promise<boolean> {
  try {
    const connected = await connectedAdmin(timeoutMs);
    await withTimeout(connected.describeCluster(), timeoutMs);
    return true;
  } catch {
    admin = undefined;
    return false;
  }
}

/** Messages of `topic` that consumer group `groupId` has not committed yet (the settlement backlog). */
export async function consumerLag(groupId: string, topic: string, timeoutMs = 2000): Promise<number> {
  const connected = await connectedAdmin(timeoutMs);
  const [ends, committed] = await withTimeout(
    Promise.all([connected.fetchTopicOffsets(topic), connected.fetchOffsets({ groupId, topics: [topic] })]),
    timeoutMs,
  );
  const committedByPartition = new Map(
    (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
  );
  return ends.reduce((lag, end) => {
    const done = committedByPartition.get(end.partition) ?? -1;
    // -1: the group has committed nothing on this partition yet, so everything from the low watermark is due.
    const from = done < 0 ? Number(end.low) : done;
    return lag + Math.max(0, Number(end.high) - from);
  }, 0);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
