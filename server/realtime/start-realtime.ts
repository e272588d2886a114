import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server } from "socket.io";
import { createRedis, redis } from "@/server/infra/redis";
import { instanceId } from "@/server/infra/instance";
import { duplicateClient } from "@/server/infra/redis-client";
import { startPaymentUpdateRelay } from "@/server/realtime/payment-update-relay";
import { attachPublicSockets } from "@/server/realtime/public-sockets";
import { startRoomBroadcaster } from "@/server/realtime/room-broadcaster";
import { startStockBroadcaster } from "@/server/realtime/stock-broadcaster";
import { attachUserSockets } from "@/server/realtime/user-sockets";

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

/**
 * Socket.IO on the instance's own HTTP server. WebSocket only: behind NGINX's round-robin a long-polling client
 * would hit a different instance per request ("Session ID unknown") and need sticky sessions, and ip_hash would
 * pin every loopback client to one instance. A WebSocket is one TCP connection, so it stays where it landed.
 */
export async function startRealtime(server: HttpServer): Promise<Realtime> {
  const adapterPub = createRedis();
  // Classic (not sharded) Pub/Sub: a cluster delivers it to every node, so the same pair serves both topologies.
  const adapterSub = duplicateClient(adapterPub);
  const updatesSub = createRedis();
  const io = new Server(server, {
    path: "/socket.io/",
    transports: ["websocket"],
    serveClient: false,
    adapter: createAdapter(adapterPub, adapterSub),
    pingInterval: 25_000,
    pingTimeout: 20_000,
    // Clients send a watch list or nothing: 16 KB is generous for them and caps what a hostile client makes us parse.
    maxHttpBufferSize: 16 * 1024,
  });

  const users = attachUserSockets(io.of("/") as Parameters<typeof attachUserSockets>[0], redis, instanceId);
  attachPublicSockets(io.of("/public"), redis);
  const relay = await startPaymentUpdateRelay({ subscriber: updatesSub, serverId: instanceId, nsp: io.of("/") });
  const broadcaster = startStockBroadcaster({ redis, nsp: io.of("/public") });
  const rooms = startRoomBroadcaster({ redis, nsp: io.of("/public") });

  return {
    io,
    async close() {
      await rooms.close();
      await broadcaster.close();
      await relay.close();
      // Closing Socket.IO disconnects every socket, whose handlers still release presence records: keep Redis open until then.
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      await users.close();
      // The adapter unsubscribes without awaiting; a PING answered after those replies makes quitting safe.
      await adapterSub.ping().catch(() => undefined);
      await Promise.allSettled([adapterPub.quit(), adapterSub.quit(), updatesSub.quit()]);
    },
  };
}
