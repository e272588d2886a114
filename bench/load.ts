import { Agent, request as httpRequest } from "node:http";
import * as hdr from "hdr-histogram-js";

/**
 * The load generator: node:http with keep-alive connections, one request in flight per connection (no pipelining).
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
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
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

function send(agent: Agent, target: Target, spec: RequestSpec, wantBody: boolean): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers["content-type"] ??= "application/json";
      headers["content-length"] = String(Buffer.byteLength(spec.body));
    }
    const req = httpRequest({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      if (wantBody) res.on("data", (chunk: Buffer) => chunks.push(chunk));
      else res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: wantBody ? Buffer.concat(chunks).toString("utf8") : "" }));
      res.on("error", () => resolve({ status: 0, body: "" }));
    });
    req.on("error", () => resolve({ status: 0, body: "" }));
    req.end(spec.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const histogram = newHistogram();
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  let completed = 0;
  const wantBody = options.wantBody ?? false;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const limit = options.maxRequests ?? Number.POSITIVE_INFINITY;

  const record = (index: number, startedAt: number, status: number, body: string) => {
    const finishedAt = performance.now();
    histogram.recordValue(Math.max(1, Math.round((finishedAt - startedAt) * 1000)));
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    if (status === 0) errors += 1;
    completed += 1;
    options.onAnswer?.({ index, status, body, startedAt, finishedAt });
  };

  const ticker = setInterval(() => options.onTick?.(performance.now() - started), 250);
  try {
    if (options.rate === undefined) {
      const lanes = Array.from({ length: options.connections }, async () => {
        while (performance.now() < deadline && issued < limit) {
          const index = issued;
          issued += 1;
          const sentAt = performance.now();
          const answer = await send(agent, options.target, options.next(index), wantBody);
          record(index, sentAt, answer.status, answer.body);
        }
      });
      await Promise.all(lanes);
    } else {
      const interval = 1000 / options.rate;
      const inFlight = new Set<Promise<void>>();
      while (issued < limit) {
        const now = performance.now();
        if (now >= deadline) break;
        // Everything due by now goes out; the agent queues what finds no free connection, and the clock of a
        // queued request already runs (due time, not send time).
        while (issued < limit && started + issued * interval <= now) {
          const index = issued;
          const dueAt = started + index * interval;
          issued += 1;
          const promise = send(agent, options.target, options.next(index), wantBody).then((answer) =>
            record(index, dueAt, answer.status, answer.body),
          );
          inFlight.add(promise);
          void promise.finally(() => inFlight.delete(promise));
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await Promise.all(inFlight);
    }
  } finally {
    clearInterval(ticker);
    agent.destroy();
  }
  const durationMs = performance.now() - started;
  return {
    model: options.rate === undefined ? `closed loop, ${options.connections} connections` : `open loop at ${Math.round(options.rate)} req/s, up to ${options.connections} connections`,
    connections: options.connections,
    requests: completed,
    errors,
    durationMs: Math.round(durationMs),
    requestsPerSecond: Math.round((completed / durationMs) * 1000),
    statuses,
    latencyMs: summarize(histogram),
  };
}
