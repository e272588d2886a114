import { pool } from "@/server/infra/db";
import { disconnectKafkaAdmin } from "@/server/infra/kafka";
import { redis } from "@/server/infra/redis";

/** Ends the shared clients; feature modules register their own closers (producers, subscribers) first. */
export async function closeConnections() {
  await Promise.allSettled([redis.quit(), pool.end(), disconnectKafkaAdmin()]);
}
