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

/** Readiness probe: the broker answers metadata within the timeout. */
export async function isKafkaReachable(timeoutMs = 2000): Promise<boolean> {
  try {
    admin ??= (async () => {
      const created = kafka.admin();
      await created.connect();
      return created;
    })();
    const connected = await withTimeout(admin, timeoutMs);
    await withTimeout(connected.describeCluster(), timeoutMs);
    return true;
  } catch {
    admin = undefined;
    return false;
  }
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
