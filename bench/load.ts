import * as hdr from "hdr-histogram-js";
import { HttpConnection, serializeRequest } from "@/bench/http-connection";

/**
 * The load generator: a pool of persistent HTTP/1.1 connections on raw sockets (`bench/http-connection.ts`, lean
 * so that the generator takes little CPU from the server it shares the cores with), one request in flight per
 * connection (no pipelining).
 *
 * - closed loop: `connections` lanes, each sends its next request when the previous answer arrived. Finds the
 *   maximum throughput; its latencies understate the tail (coordinated omission), so they are labelled so.
 * - open loop: requests are due at a fixed rate whatever the server does; a request waits for a free connection
 *   when all are busy, and its latency runs from when it was DUE, not when it was sent (wrk2 / autocannon -R
 *   style correction for coordinated omission).
 */

export interface RequestSpec {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Target {
  host: string;
  port: number;
}

export interface Answer {
  index: number;
  status: number;
  body: string;
  /** performance.now() when the request was due (open loop) or sent (closed loop). */
  startedAt: number;
  finishedAt: number;
}

export interface LoadOptions {
  target: Target;
  connections: number;
  durationMs: number;
  /** Requests per second for the open loop; absent = closed loop. */
  rate?: number;
  /** Stop after this many requests even if time is left. */
  maxRequests?: number;
  next: (index: number) => RequestSpec;
  /** Called with every answer; read the body only if you need it (it is collected only then). */
  onAnswer?: (answer: Answer) => void;
  wantBody?: boolean;
  onTick?: (elapsedMs: number) => void;
}

export interface LoadResult {
  model: string;
  connections: number;
  requests: number;
  errors: number;
  durationMs: number;
  requestsPerSecond: number;
  statuses: Record<string, number>;
  latencyMs: LatencySummary;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function newHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Percentiles in ms from a histogram recorded in microseconds. */
export function summarize(histogram: hdr.Histogram): LatencySummary {
  const ms = (us: number) => Math.round(us / 10) / 100;
  if (histogram.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p90: ms(histogram.getValueAtPercentile(90)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}

/** A request of the open loop that was due while every connection was busy. */
interface Waiting {
  index: number;
  dueAt: number;
  payload: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const connections = Array.from({ length: options.connections }, () => new HttpConnection(options.target));
  for (const connection of connections) connection.open(); // all connects in flight at once
  const histogram = newHistogram();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  let completed = 0;
  const wantBody = options.wantBody ?? false;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const payloadOf = (index: number) => serializeRequest(options.target, options.next(index));

  const record = (index: number, startedAt: number, status: number, body: string) => {
    const finishedAt = performance.now();
    histogram.recordValue(Math.max(1, Math.round((finishedAt - startedAt) * 1000)));
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    if (status === 0) errors += 1;
    completed += 1;
    options.onAnswer?.({ index, status, body, startedAt, finishedAt });
  };

  // Closed loop: each lane owns one connection and sends its next request when the previous answer arrived.
  const lane = async (connection: HttpConnection) => {
    let status = 0;
    let body = "";
    while (performance.now() < deadline && issued < limit) {
      const index = issued;
      issued += 1;
      const sentAt = performance.now();
      const payload = payloadOf(index);
      await new Promise<void>((resolve) =>
        connection.send(payload, wantBody, (answerStatus, answerBody) => {
          status = answerStatus;
          body = answerBody;
          resolve();
        }),
      );
      // recorded here, not in the socket callback: an onAnswer that throws rejects runLoad instead of crashing
      record(index, sentAt, status, body);
    }
  };

  // Open loop: a due request takes an idle connection, or waits in FIFO order for the next one freed.
  const idle = [...connections];
  const waiting: Waiting[] = [];
  let nextWaiting = 0;
  let drained: (() => void) | undefined;
  const dispatch = (connection: HttpConnection, index: number, dueAt: number, payload: string) => {
    connection.send(payload, wantBody, (status, body) => {
      record(index, dueAt, status, body);
      const next = waiting[nextWaiting];
      if (next === undefined) idle.push(connection);
      else {
        nextWaiting += 1;
        // drop the served prefix now and then rather than shift() each time (O(n) on a long queue)
        if (nextWaiting === waiting.length || nextWaiting >= 4096) {
          waiting.splice(0, nextWaiting);
          nextWaiting = 0;
        }
        dispatch(connection, next.index, next.dueAt, next.payload);
      }
      if (completed === issued) drained?.();
    });
  };

  const ticker = setInterval(() => options.onTick?.(performance.now() - started), 250);
  try {
    if (options.rate === undefined) {
      await Promise.all(connections.map(lane));
    } else {
      const interval = 1000 / options.rate;
      while (issued < limit) {
        const now = performance.now();
        if (now >= deadline) break;
        // Everything due by now goes out or queues; a queued request's clock already runs (due time, not send time).
        while (issued < limit && started + issued * interval <= now) {
          const index = issued;
          const dueAt = started + index * interval;
          issued += 1;
          const payload = payloadOf(index);
          const connection = idle.pop();
          if (connection === undefined) waiting.push({ index, dueAt, payload });
          else dispatch(connection, index, dueAt, payload);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      if (completed < issued) await new Promise<void>((resolve) => (drained = resolve));
    }
  } finally {
    clearInterval(ticker);
    for (const connection of connections) connection.close();
  }
  const durationMs = performance.now() - started;
  return {
    model:
      options.rate === undefined
        ? `closed loop, ${options.connections} connections`
        : `open loop at ${Math.round(options.rate)} req/s, up to ${options.connections} connections`,
    connections: options.connections,
    requests: completed,
    errors,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((completed / durationMs) * 1000),
    statuses,
    latencyMs: summarize(histogram),
  };
}
