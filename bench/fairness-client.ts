import { HttpConnection, serializeRequest } from "@/bench/http-connection";
import type { RequestSpec, Target } from "@/bench/load";

/**
 * The fairness phase's HTTP client: many simulated shoppers share a pool of the load generator's lean keep-alive
 * connections (`bench/http-connection.ts`, one request in flight each). A request waits for a free connection
 * only when all `maxConnections` are busy; the pool is sized above the crowd's requests in flight, so a shopper's
 * request leaves when the shopper sends it.
 */

export interface Reply {
  /** 0 when the connection failed before a full answer. */
  status: number;
  body: string;
  /** Wall clock (ms) when the request left on a connection. */
  startMs: number;
  latencyMs: number;
}

export interface Requester {
  send(spec: RequestSpec): Promise<Reply>;
  /** Opens `count` connections ahead of a burst (connects run in parallel). */
  preopen(count: number): void;
  /** Requests that had to wait for a free connection: if not 0, the client, not the server, delayed them. */
  readonly queuedRequests: number;
  close(): void;
}

export function createRequester(target: Target, maxConnections: number): Requester {
  const idle: HttpConnection[] = [];
  const all: HttpConnection[] = [];
  const waiting: (() => void)[] = [];
  let queued = 0;

  const take = async (): Promise<HttpConnection> => {
    const free = idle.pop();
    if (free) return free;
    if (all.length < maxConnections) {
      const fresh = new HttpConnection(target);
      all.push(fresh);
      return fresh;
    }
    queued += 1;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return take();
  };

  const give = (connection: HttpConnection) => {
    idle.push(connection);
    waiting.shift()?.();
  };

  return {
    async send(spec) {
      // Timed from when it leaves on a connection: a wait for a free one is the bench's, counted in queuedRequests.
      const connection = await take();
      const startMs = Date.now();
      const started = performance.now();
      return new Promise<Reply>((resolve) => {
        connection.send(serializeRequest(target, spec), true, (status, body) => {
          give(connection);
          resolve({ status, body, startMs, latencyMs: performance.now() - started });
        });
      });
    },
    preopen(count) {
      while (all.length < Math.min(count, maxConnections)) {
        const connection = new HttpConnection(target);
        connection.open();
        all.push(connection);
        idle.push(connection);
      }
    },
    get queuedRequests() {
      return queued;
    },
    close() {
      for (const connection of all) connection.close();
      all.length = 0;
      idle.length = 0;
    },
  };
}
