import { execPerMaster, type RedisClient } from "@/server/infra/redis-client";

/**
 * Which instance holds a shopper's socket. The realtime layer writes the record when a socket connects (and
 * refreshes or releases it); orders and settlement only read it, to name the instance an order event's result
 * should be routed to. The key lives here, beside its readers, so the features do not depend on the socket server.
 */

/** Redis string naming the server id that holds the user's most recent socket. */
export function socketServerKey(userId: string): string {
  return `socket-server:{user:${userId}}`;
}

/** The server id to put in an order event, or null when the user has no socket open anywhere. */
export async function findSocketServerId(redis: RedisClient, userId: string): Promise<string | null> {
  return redis.get(socketServerKey(userId));
}

/** Server ids holding each user's socket (one pipelined round trip); users without a socket are absent. */
export async function findSocketServerIds(redis: RedisClient, userIds: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (userIds.length === 0) return found;
  const replies = await execPerMaster(
    redis,
    userIds.map((userId) => ({
      key: socketServerKey(userId),
      queue: (pipeline) => pipeline.get(socketServerKey(userId)),
    })),
  );
  replies.forEach(([error, serverId], i) => {
    if (!error && typeof serverId === "string") found.set(userIds[i]!, serverId);
  });
  return found;
}
