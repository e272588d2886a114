import { AppError } from "@/server/errors";

const JSON_LIMIT_BYTES = 64 * 1024;
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A route handler's JSON body. Refused with 415 unless declared JSON, 413 above `limitBytes` (declared or counted
 * while streaming, so an undeclared chunked body is never buffered whole), 400 when it does not parse. With
 * `optional`, an absent or empty body is `undefined` instead of a 400.
 */
export async function readJson(
  request: Request,
  options: { limitBytes?: number; optional?: boolean } = {},
): Promise<unknown> {
  const limitBytes = options.limitBytes ?? JSON_LIMIT_BYTES;
  const declared = request.headers.get("content-length");
  const isAbsent = request.body === null || declared === "0";
  if (isAbsent && options.optional) return undefined;
  if (!JSON_CONTENT_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: "Send the body as application/json." });
  }
  if (Number(declared ?? 0) > limitBytes) throw tooLarge();
  const bytes = await readBodyBytes(request, limitBytes, tooLarge);
  if (bytes.length === 0) {
    if (options.optional) return undefined;
    throw new AppError("BAD_REQUEST", { message: "A JSON body is required." });
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The request body is not valid JSON." });
  }
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

function tooLarge() {
  return new AppError("PAYLOAD_TOO_LARGE", { message: "The request body is too large." });
}
