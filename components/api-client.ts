import type { ApiErrorBody, ValidationIssue } from "@/components/api-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ValidationIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiRequest {
  method?: string;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** How many 503 TRY_AGAIN_LATER or 429 RATE_LIMITED answers to wait out (honouring Retry-After) before giving up. */
  busyRetries?: number;
  /** Called before each busy wait, so a page can say "busy — retrying in 2 s". */
  onBusy?: (seconds: number) => void;
}

const DEFAULT_BUSY_RETRIES = 5;

/**
 * Fetches JSON from the API; a 503 (busy) or 429 (too fast, usually NGINX's per-address limit shared behind a
 * NAT) is waited out for its Retry-After and retried by itself, same headers and body: a purchase carries its
 * Idempotency-Key, so a retry never buys twice.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const { method = "GET", token, body, signal, onBusy } = request;
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let retriesLeft = request.busyRetries ?? DEFAULT_BUSY_RETRIES;
  for (;;) {
    const response = await fetch(path, { method, headers, body: payload, signal, cache: "no-store" });
    if (response.ok) {
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    }
    const error = await toApiError(response);
    if ((error.status === 503 || error.status === 429) && retriesLeft > 0) {
      retriesLeft -= 1;
      const seconds = error.retryAfterSeconds ?? 1;
      onBusy?.(seconds);
      await sleep(seconds * 1000, signal);
      continue;
    }
    throw error;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("retry-after"));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 30) : null;
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // Proxies answer 502/504 with HTML; the status alone has to do.
  }
  const code = body.error ?? `HTTP_${response.status}`;
  return new ApiError(
    response.status,
    code,
    body.message ?? response.statusText ?? code,
    body.issues ?? [],
    retryAfterSeconds,
  );
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** crypto.randomUUID exists only in secure contexts; a plain-HTTP host name must still get a v4 UUID. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}
