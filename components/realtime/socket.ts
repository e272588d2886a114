"use client";

import { io, type Socket } from "socket.io-client";
import type { PublicClientEvents, PublicServerEvents, UserServerEvents } from "@/server/realtime/types";

export type UserSocket = Socket<UserServerEvents, Record<string, never>>;
export type PublicSocket = Socket<PublicServerEvents, PublicClientEvents>;

/**
 * One WebSocket per tab, shared by every component: the "/" namespace (the shopper's payment results, needs a
 * token) and "/public" (live stock, anyone) are multiplexed over the same Manager. Websocket-only: NGINX balances
 * round-robin, and long-polling would need sticky sessions.
 */
const options = { transports: ["websocket"] };
let publicSocket: PublicSocket | null = null;
let userSocket: UserSocket | null = null;
let currentToken: string | null = null;
const watchCounts = new Map<number, number>();

export function getPublicSocket(): PublicSocket {
  if (!publicSocket) {
    publicSocket = io("/public", options);
    // The server forgets subscriptions when a socket drops; say them again on every (re)connect.
    publicSocket.on("connect", sendWatchList);
  }
  return publicSocket;
}

export function getUserSocket(): UserSocket {
  if (!userSocket) {
    userSocket = io("/", { ...options, autoConnect: false, auth: (cb) => cb({ token: currentToken ?? "" }) });
    userSocket.on("disconnect", (reason) => {
      // The server closes a socket whose token expired; next-auth has usually refreshed it by then.
      if (reason === "io server disconnect" && currentToken) setTimeout(() => connectUser(), 1000);
    });
    // Socket.IO gives up after a refused handshake. TRY_AGAIN_LATER means the shop could not check the token
    // (Keycloak restarting): try again when it says. UNAUTHENTICATED waits for the next token instead.
    userSocket.on("connect_error", (error: Error & { data?: { retryAfterSeconds?: number } }) => {
      if (userSocket?.active || error.message !== "TRY_AGAIN_LATER") return;
      setTimeout(() => connectUser(), (error.data?.retryAfterSeconds ?? 1) * 1000);
    });
  }
  return userSocket;
}

/** A new token (login, refresh, logout) reconnects, so the server binds payment updates to the right user. */
export function setSocketToken(token: string | null): void {
  if (token === currentToken) return;
  currentToken = token;
  const socket = getUserSocket();
  socket.disconnect();
  if (token) connectUser();
}

function connectUser(): void {
  const socket = getUserSocket();
  if (currentToken && !socket.connected) socket.connect();
}

export function watchCoupons(couponIds: number[]): () => void {
  for (const id of couponIds) watchCounts.set(id, (watchCounts.get(id) ?? 0) + 1);
  sendWatchList();
  return () => {
    for (const id of couponIds) {
      const left = (watchCounts.get(id) ?? 1) - 1;
      if (left <= 0) watchCounts.delete(id);
      else watchCounts.set(id, left);
    }
    sendWatchList();
  };
}

// "watch" replaces the socket's set on the server, so it always carries every coupon some component shows.
function sendWatchList(): void {
  const socket = getPublicSocket();
  if (socket.connected) socket.emit("watch", { couponIds: [...watchCounts.keys()].slice(0, 100) });
}
