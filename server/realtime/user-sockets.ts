import { decodeJwt } from "jose";
import type { RedisClient } from "@/server/infra/redis-client";
import type { Namespace, Socket } from "socket.io";
import type { AuthUser } from "@/server/features/identity/types";
import { verifyAccessToken } from "@/server/features/identity/verify-access-token";
import { handshakeError } from "@/server/realtime/handshake-refusal";
import { socketServerKey } from "@/server/features/orders/socket-presence";
import type { PaymentUpdate } from "@/server/features/payments/settlement-results";
import { recentUpdatesKey } from "@/server/realtime/payment-updates";
import type { UserServerEvents } from "@/server/realtime/types";
import { claimLease, releaseLease } from "@/server/infra/lock";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("realtime");

/** How long a user's socket→server record lives without a refresh. */
const PRESENCE_TTL_MS = 60 * 60 * 1000;
const PRESENCE_REFRESH_MS = 10 * 60 * 1000;

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

interface SocketData {
  user: AuthUser;
}

/**
 * The authenticated namespace: every socket proves who it is with a Keycloak access token, joins its user's
 * room, and records this instance as the one holding the user's socket so order events can name it.
 */
export function attachUserSockets(
  nsp: Namespace<Record<string, never>, UserServerEvents, Record<string, never>, SocketData>,
  redis: RedisClient,
  serverId: string,
) {
  const localSocketsPerUser = new Map<string, number>();

  nsp.use((socket, next) => {
    authenticateSocket(socket)
      .then(
        () => next(),
        (error: unknown) => next(handshakeError(error)),
      )
      .catch((error: unknown) => log.warn({ err: error }, "socket handshake failed"));
  });

  nsp.on("connection", (socket) => {
    const userId = socket.data.user.id;
    // With the Redis adapter a join may be asynchronous; its failure must be a log line, not an unhandled rejection.
    Promise.resolve(socket.join(userRoom(userId))).catch((error: unknown) =>
      log.warn({ err: error, userId }, "joining the user room failed"),
    );
    localSocketsPerUser.set(userId, (localSocketsPerUser.get(userId) ?? 0) + 1);
    // The presence record is a lease owned by this instance: the newest connection takes it over.
    claimLease(redis, socketServerKey(userId), serverId, PRESENCE_TTL_MS).catch((error: unknown) =>
      log.warn({ err: error, userId }, "presence write failed"),
    );
    void replayRecentUpdates(socket, redis, userId);

    socket.on("disconnect", () => {
      const remaining = (localSocketsPerUser.get(userId) ?? 1) - 1;
      if (remaining > 0) {
        localSocketsPerUser.set(userId, remaining);
        return;
      }
      localSocketsPerUser.delete(userId);
      // Released only while it still names this instance: another instance may own the user's newer socket.
      releaseLease(redis, socketServerKey(userId), serverId).catch((error: unknown) =>
        log.warn({ err: error, userId }, "presence release failed"),
      );
    });
  });

  // Long-lived sockets keep their presence record fresh; ended ones let it expire.
  const refresher = setInterval(() => {
    for (const userId of localSocketsPerUser.keys()) {
      claimLease(redis, socketServerKey(userId), serverId, PRESENCE_TTL_MS).catch(() => undefined);
    }
  }, PRESENCE_REFRESH_MS);
  refresher.unref();

  return {
    async close() {
      clearInterval(refresher);
      const users = [...localSocketsPerUser.keys()];
      await Promise.allSettled(users.map((userId) => releaseLease(redis, socketServerKey(userId), serverId)));
    },
  };
}

async function authenticateSocket(
  socket: Socket<Record<string, never>, UserServerEvents, Record<string, never>, SocketData>,
) {
  const token: unknown = socket.handshake.auth?.token;
  if (typeof token !== "string" || token.length === 0) throw new Error("missing token");
  socket.data.user = await verifyAccessToken(token);
  scheduleExpiry(socket, token);
}

/** A socket must not outlive its token: it is disconnected at expiry and reconnects with a fresh one. */
function scheduleExpiry(socket: Socket, token: string) {
  const { exp } = decodeJwt(token);
  if (typeof exp !== "number") return;
  const delay = Math.max(0, exp * 1000 - Date.now());
  const timer = setTimeout(() => socket.disconnect(true), Math.min(delay, 2 ** 31 - 1));
  timer.unref();
  socket.once("disconnect", () => clearTimeout(timer));
}

/** Results published while the socket was away (restart, network blip) are re-sent; the client dedupes by order id. */
async function replayRecentUpdates(socket: Socket, redis: RedisClient, userId: string) {
  try {
    const entries = await redis.lrange(recentUpdatesKey(userId), 0, -1);
    for (const entry of entries.reverse()) {
      const { userId: _omit, ...message } = JSON.parse(entry) as PaymentUpdate;
      socket.emit("payment_update", { ...message, replayed: true });
    }
  } catch (error) {
    log.warn({ err: error, userId }, "replay of recent payment updates failed");
  }
}
