import { io, type Socket } from "socket.io-client";
import { isTurn } from "@/bench/fairness-plan";
import type { PublicClientEvents, PublicServerEvents, RoomUpdateMessage } from "@/server/realtime/types";

/**
 * The people's view of the waiting room, learnt the way the browser learns it: one Socket.IO client on the public
 * namespace watching the coupon, `room_update` carrying `served`; a shopper's turn has come once `served` reaches
 * their ticket. One socket stands for every simulated page: the message is the same for all of them.
 */
export interface RoomWatch {
  /** Resolves true when the ticket's turn has come, false when the room sold out (or the watch closed) first. */
  waitForTurn(ticket: number): Promise<boolean>;
  readonly updates: number;
  readonly served: number;
  /** Everyone in line (served + waiting), as the ticks report it; never goes back. */
  readonly inLine: number;
  readonly state: RoomUpdateMessage["state"] | "unknown";
  /** Wall clock (ms) of the first `soldout`, or null. */
  readonly soldOutAtMs: number | null;
  close(): void;
}

export async function watchRoom(
  origin: string,
  couponId: number,
  onSoldOut: () => void,
  connectTimeoutMs = 10_000,
): Promise<RoomWatch> {
  const socket: Socket<PublicServerEvents, PublicClientEvents> = io(`${origin}/public`, {
    transports: ["websocket"],
    reconnection: true,
  });
  let updates = 0;
  let served = 0;
  let inLine = 0;
  let state: RoomWatch["state"] = "unknown";
  let soldOutAtMs: number | null = null;
  let waiters: { ticket: number; resolve: (turn: boolean) => void }[] = [];

  const settleWaiters = () => {
    if (state === "soldout") {
      for (const waiter of waiters) waiter.resolve(false);
      waiters = [];
      return;
    }
    waiters = waiters.filter((waiter) => {
      if (!isTurn(waiter.ticket, served)) return true;
      waiter.resolve(true);
      return false;
    });
  };

  socket.on("room_update", (message) => {
    if (message.couponId !== couponId) return;
    updates += 1;
    served = Math.max(served, message.served);
    inLine = Math.max(inLine, message.served + message.waiting);
    state = message.state;
    if (state === "soldout" && soldOutAtMs === null) {
      soldOutAtMs = Date.now();
      onSoldOut();
    }
    settleWaiters();
  });
  // The server forgets a socket's watch list when it drops: say it again on every (re)connect, as the browser does.
  socket.on("connect", () => socket.emit("watch", { couponIds: [couponId] }));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Socket.IO connection to ${origin}/public`)), connectTimeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });

  return {
    waitForTurn(ticket) {
      if (state === "soldout") return Promise.resolve(false);
      if (isTurn(ticket, served)) return Promise.resolve(true);
      return new Promise((resolve) => waiters.push({ ticket, resolve }));
    },
    get updates() {
      return updates;
    },
    get served() {
      return served;
    },
    get inLine() {
      return inLine;
    },
    get state() {
      return state;
    },
    get soldOutAtMs() {
      return soldOutAtMs;
    },
    close() {
      socket.close();
      for (const waiter of waiters) waiter.resolve(false);
      waiters = [];
    },
  };
}
