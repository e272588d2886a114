import { AppError } from "@/server/errors";

/** How an endpoint takes its JSON body: the most it reads, and whether no body at all is fine. */
export interface JsonBodyRule {
  limitBytes: number;
  /** An absent or empty body is `undefined` instead of a 400. */
  optional: boolean;
}

/** What the reader needs from a request, whichever door it came through (node:http or a Web Request). */
export interface BodySource {
  contentType: string | undefined;
  /** The Content-Length header as sent, if any. */
  declaredLength: string | undefined;
  /** True when the request carries no body at all (nothing declared, nothing streamed). */
  isAbsent: boolean;
  /** The body's bytes; rejects with `refuse()` once they pass `limitBytes`, without buffering the rest. */
  readBytes(limitBytes: number, refuse: () => AppError): Promise<Uint8Array>;
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** True for `application/json` and `application/*+json`, with or without parameters. */
export function isJsonContentType(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && JSON_CONTENT_TYPE.test(value);
}

/**
 * The one JSON body reader of both doors. Refused with 415 unless declared JSON, 413 above the limit (declared,
 * or counted while streaming, so an undeclared chunked body is never buffered whole), 400 when it does not parse
 * or is missing where required. An absent body of an optional rule is answered before any of that, without
 * touching the stream: the purchase POST usually has none.
 */
export async function readJsonFrom(source: BodySource, rule: JsonBodyRule): Promise<unknown> {
  if (source.isAbsent && rule.optional) return undefined;
  if (!isJsonContentType(source.contentType)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: "Send the body as application/json." });
  }
  if (Number(source.declaredLength ?? 0) > rule.limitBytes) throw bodyTooLarge();
  const bytes = source.isAbsent ? new Uint8Array(0) : await source.readBytes(rule.limitBytes, bodyTooLarge);
  if (bytes.length === 0) {
    if (rule.optional) return undefined;
    throw new AppError("BAD_REQUEST", { message: "A JSON body is required." });
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The request body is not valid JSON." });
  }
}

export function bodyTooLarge() {
  return new AppError("PAYLOAD_TOO_LARGE", { message: "The request body is too large." });
}
