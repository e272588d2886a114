import type { AppError } from "@/server/errors";
import { readJsonFrom, type BodySource, type JsonBodyRule } from "@/server/http/json-body";

const JSON_LIMIT_BYTES = 64 * 1024;

/** A route handler's JSON body, under the same rules as the native door (server/http/json-body.ts). */
export async function readJson(request: Request, rule: Partial<JsonBodyRule> = {}): Promise<unknown> {
  return readJsonFrom(webBodySource(request), {
    limitBytes: rule.limitBytes ?? JSON_LIMIT_BYTES,
    optional: rule.optional ?? false,
  });
}

/** A Web Request as a body source. */
export function webBodySource(request: Request): BodySource {
  const declaredLength = request.headers.get("content-length") ?? undefined;
  return {
    contentType: request.headers.get("content-type") ?? undefined,
    declaredLength,
    isAbsent: request.body === null || declaredLength === "0",
    readBytes: (limitBytes, refuse) => readBodyBytes(request, limitBytes, refuse),
  };
}

/** The body's bytes, stopped (and the stream cancelled) as soon as they pass `limitBytes`. */
export async function readBodyBytes(
  request: Request,
  limitBytes: number,
  refuse: () => AppError,
): Promise<Uint8Array<ArrayBuffer>> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw refuse();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
