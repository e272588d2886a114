import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { AppError } from "@/server/errors";
import { readJsonFrom, type BodySource, type JsonBodyRule } from "@/server/http/json-body";
import { toErrorResponse } from "@/server/http/error-response";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("http-native");

/** Plain node:http helpers for the routes the custom server answers before Next.js (the hot paths). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

export function sendError(req: IncomingMessage, res: ServerResponse, error: unknown) {
  if (res.headersSent || res.destroyed) {
    // Half an answer is on the wire, or the client is gone: a second answer would throw; cutting is the honest end.
    log.warn({ err: error, method: req.method, url: truncate(req.url) }, "request failed after its answer started");
    res.destroy();
    return;
  }
  const mapped = toErrorResponse(error, (unexpected) =>
    log.error({ err: unexpected, method: req.method, url: truncate(req.url) }, "unhandled error in native route"),
  );
  // A refused body may still be arriving; closing stops Node from reading the rest of it to reuse the connection.
  const headers = mapped.status === 413 ? { ...mapped.headers, connection: "close" } : mapped.headers;
  sendJson(res, mapped.status, mapped.body, headers);
}

/**
 * The request listener's wall: a synchronous throw or a rejected promise becomes an error answer. Without it, one
 * malformed request (a URIError in a router, a rejection from a framework) reaches `uncaughtException` and stops
 * the instance for everybody.
 */
export function answerEveryRequest(listener: (req: IncomingMessage, res: ServerResponse) => Promise<unknown> | void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const fail = (error: unknown) => {
      try {
        sendError(req, res, error);
      } catch (sendFailure) {
        log.warn({ err: sendFailure }, "could not answer a failed request");
        res.destroy();
      }
    };
    try {
      listener(req, res)?.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

const clientErrorAnswers: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, "The request line or headers are too large."],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "The request took too long to arrive."],
};

/**
 * Node's `clientError`: bytes its parser refused (headers over 16 KB, control characters, broken framing). Node's
 * own answer is an empty 400/431; this one is the API's JSON, and the connection closes as Node's would.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex) {
  // Bytes already written mean an answer went out on this connection (e.g. a refusal before its body was read, whose
  // leftover bytes then failed to parse): a second answer would corrupt the stream, as Node's own handler knows.
  const bytesWritten = (socket as Partial<Socket>).bytesWritten ?? 0;
  if (error.code === "ECONNRESET" || !socket.writable || bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const [status, message] = clientErrorAnswers[error.code ?? ""] ?? [400, "The request is not valid HTTP."];
  const payload = JSON.stringify({ error: "BAD_REQUEST", message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? "Bad Request" : status === 408 ? "Request Timeout" : "Request Header Fields Too Large"}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` +
      `cache-control: no-store\r\nconnection: close\r\n\r\n${payload}`,
  );
}

/** Log lines carry at most the start of a hostile 20 KB URL. */
function truncate(text: string | undefined, max = 512): string | undefined {
  return text !== undefined && text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One request header as text: repeated headers joined with ", " as HTTP allows; absent is undefined. */
export function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/**
 * A native route's JSON body, under the same rules as the route handlers' (server/http/json-body.ts). By default
 * an empty body is `undefined`, as the purchase POST usually sends none.
 */
export function readJsonBody(
  req: IncomingMessage,
  rule: JsonBodyRule | number = { limitBytes: 16 * 1024, optional: true },
): Promise<unknown> {
  return readJsonFrom(nodeBodySource(req), typeof rule === "number" ? { limitBytes: rule, optional: true } : rule);
}

/** A node:http request as a body source. Absent is decided from the headers alone: no async iterator is made. */
export function nodeBodySource(req: IncomingMessage): BodySource {
  const declaredLength = req.headers["content-length"];
  return {
    contentType: req.headers["content-type"],
    declaredLength,
    isAbsent:
      declaredLength === "0" || (declaredLength === undefined && req.headers["transfer-encoding"] === undefined),
    readBytes: (limitBytes, refuse) => readBytes(req, limitBytes, refuse),
  };
}

/**
 * The body's bytes, refused once they pass the limit. The rest is drained, not destroyed: destroying the request
 * would reset the connection, so the client (or NGINX, as a 502) would never see the 413.
 */
function readBytes(req: IncomingMessage, limitBytes: number, refuse: () => AppError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limitBytes) {
        refused = true;
        chunks.length = 0;
        reject(refuse());
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
