import { sql } from "drizzle-orm";
import { db } from "@/server/infra/db";
import { isKafkaReachable } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";

export interface Readiness {
  ready: boolean;
  checks: { mysql: boolean; redis: boolean; kafka: boolean };
}

async function succeeds(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
}

/** Ready means every dependency of a purchase answers: MySQL, Redis and the Kafka broker. */
export async function checkReadiness(): Promise<Readiness> {
  const [mysqlOk, redisOk, kafkaOk] = await Promise.all([
    succeeds(() => db.execute(sql`SELECT 1`)),
    succeeds(() => redis.ping()),
    isKafkaReachable(),
  ]);
  return { ready: mysqlOk && redisOk && kafkaOk, checks: { mysql: mysqlOk, redis: redisOk, kafka: kafkaOk } };
}
