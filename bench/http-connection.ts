import { connect, type Socket } from "node:net";
import type { RequestSpec, Target } from "@/bench/load";

/**
 * A lean HTTP/1.1 client connection on a raw `node:net` socket, for the load generator (wrk style).
 *
 * node:http's client spends tens of µs of CPU per request (header objects, streams, agent bookkeeping); on this
 * machine the generator shares the cores with the server under test, so every µs it spends is taken from the
 * server. Here a request is one string written once, and a response is framed by a small state machine that
 * copies nothing unless the body is wanted. One request in flight per connection: no pipelining.
 */

/** Called exactly once per request: the HTTP status, or 0 when the connection failed before a full answer. */
export type OnReply = (status: number, body: string) => void;

/** The whole request as one string, written with a single `write`. */
export function serializeRequest(target: Target, spec: RequestSpec): string {
  const hasBody = spec.body !== undefined;
  let lines = "";
  let hasHost = false;
  let hasType = false;
  for (const name in spec.headers) {
    const lower = name.toLowerCase();
    if (lower === "content-length") continue; // always computed from the body below
    if (lower === "host") hasHost = true;
    if (lower === "content-type") hasType = true;
    lines += `${name}: ${spec.headers[name]}\r\n`;
  }
  if (!hasHost) lines = `host: ${target.host}:${target.port}\r\n${lines}`;
  if (hasBody && !hasType) lines += "content-type: application/json\r\n";
  // A POST without a body still sends `content-length: 0`, as node:http did: proxies may refuse a POST without a length.
  if (hasBody || spec.method === "POST")
    lines += `content-length: ${hasBody ? Buffer.byteLength(spec.body ?? "") : 0}\r\n`;
  return `${spec.method} ${spec.path} HTTP/1.1\r\n${lines}\r\n${spec.body ?? ""}`;
}

type ParserState =
  "head" | "length" | "until-close" | "chunk-size" | "chunk-ext" | "chunk-data" | "chunk-end" | "trailer" | "stopped";

const CR = 13;
const LF = 10;
const TAB = 9;
const SPACE = 32;
const SEMICOLON = 59;
/** A head this large is not an answer from the server under test: treat it as a broken connection. */
const MAX_HEAD_BYTES = 64 * 1024;

/** Frames responses out of the socket's byte stream, whatever way the stream is cut into `data` chunks. */
class ResponseParser {
  /** Collect the body (utf8) for the current response; otherwise its bytes are only counted and skipped. */
  collect = false;
  private state: ParserState = "head";
  /** Start of a head that did not fit in one chunk (rare: heads are small). */
  private partialHead: Buffer | undefined;
  private status = 0;
  private closeAfter = false;
  /** Body bytes left: of the whole body (content-length) or of the current chunk (chunked). */
  private remaining = 0;
  /** Length of the chunk-size or trailer line read so far (chunked framing is read byte by byte). */
  private lineLength = 0;
  private readonly pieces: Buffer[] = [];

  constructor(private readonly onResponse: (status: number, body: string, closeAfter: boolean) => void) {}

  /** Stops all further parsing (the connection was dropped). */
  stop(): void {
    this.state = "stopped";
    this.pieces.length = 0;
  }

  /** Consumes one `data` chunk; false when the bytes are not HTTP/1.x. */
  feed(chunk: Buffer): boolean {
    let offset = 0;
    while (offset < chunk.length) {
      switch (this.state) {
        case "stopped":
          return true;
        case "head":
          offset = this.readHead(chunk, offset);
          if (offset < 0) return false;
          break;
        case "length":
        case "until-close":
        case "chunk-data":
          offset = this.readBody(chunk, offset);
          break;
        default:
          offset = this.readChunkFraming(chunk, offset);
          if (offset < 0) return false;
      }
    }
    return true;
  }

  /** The server closed the connection: that completes a body framed by the close, and nothing else. */
  end(): void {
    if (this.state === "until-close") this.finish();
  }

  /** Finds the end of the head (`\r\n\r\n`), even when it spans chunks; returns the offset after it, or -1. */
  private readHead(chunk: Buffer, offset: number): number {
    let bytes = chunk;
    let start = offset;
    const carried = this.partialHead?.length ?? 0;
    if (this.partialHead !== undefined) {
      bytes = Buffer.concat([this.partialHead, chunk.subarray(offset)]);
      start = 0;
      this.partialHead = undefined;
    }
    const end = bytes.indexOf("\r\n\r\n", start, "latin1");
    if (end < 0) {
      if (bytes.length - start > MAX_HEAD_BYTES) return -1;
      this.partialHead = bytes.subarray(start);
      return chunk.length;
    }
    if (!this.parseHead(bytes.toString("latin1", start, end))) return -1;
    return carried === 0 ? end + 4 : offset + end + 4 - carried;
  }

  /** Status line and the three headers that frame the body; picks the body state. */
  private parseHead(head: string): boolean {
    if (!head.startsWith("HTTP/1.") || head.length < 12) return false;
    this.status = digit(head, 9) * 100 + digit(head, 10) * 10 + digit(head, 11);
    if (!(this.status >= 100 && this.status <= 999)) return false;
    let contentLength = -1;
    let chunked = false;
    let close = head.charCodeAt(7) === 48; // HTTP/1.0: closes unless it says keep-alive
    for (let lineStart = head.indexOf("\r\n") + 2; lineStart > 1 && lineStart < head.length;) {
      const found = head.indexOf("\r\n", lineStart);
      const lineEnd = found < 0 ? head.length : found;
      const colon = head.indexOf(":", lineStart);
      if (colon > lineStart && colon < lineEnd) {
        if (nameIs(head, lineStart, colon, "content-length")) {
          contentLength = Number(head.slice(colon + 1, lineEnd).trim());
          if (!Number.isSafeInteger(contentLength) || contentLength < 0) return false;
        } else if (nameIs(head, lineStart, colon, "transfer-encoding")) {
          chunked = head
            .slice(colon + 1, lineEnd)
            .toLowerCase()
            .includes("chunked");
        } else if (nameIs(head, lineStart, colon, "connection")) {
          const value = head.slice(colon + 1, lineEnd).toLowerCase();
          close = value.includes("close") || (close && !value.includes("keep-alive"));
        }
      }
      lineStart = lineEnd + 2;
    }
    this.closeAfter = close;
    if (this.status < 200)
      this.state = "head"; // 1xx: an interim answer, the real one follows
    else if (this.status === 204 || this.status === 304) this.finish();
    else if (chunked) this.startChunked();
    else if (contentLength === 0) this.finish();
    else if (contentLength > 0) {
      this.remaining = contentLength;
      this.state = "length";
    } else {
      this.closeAfter = true; // no framing: the body runs until the server closes
      this.state = "until-close";
    }
    return true;
  }

  private startChunked(): void {
    this.remaining = 0;
    this.lineLength = 0;
    this.state = "chunk-size";
  }

  private readBody(chunk: Buffer, offset: number): number {
    const available = chunk.length - offset;
    const take = this.state === "until-close" ? available : Math.min(this.remaining, available);
    if (this.collect) this.pieces.push(chunk.subarray(offset, offset + take));
    this.remaining -= take;
    if (this.state === "length" && this.remaining === 0) this.finish();
    else if (this.state === "chunk-data" && this.remaining === 0) this.state = "chunk-end";
    return offset + take;
  }

  /** Chunk-size lines (hex, optional `;extension`), the CRLF after each chunk, and the trailer section. */
  private readChunkFraming(chunk: Buffer, offset: number): number {
    const byte = chunk[offset] ?? 0;
    if (byte === CR) return offset + 1;
    switch (this.state) {
      case "chunk-size": {
        if (byte === LF) return this.endSizeLine() ? offset + 1 : -1;
        const value = hexValue(byte);
        if (value >= 0) {
          this.remaining = this.remaining * 16 + value;
          this.lineLength += 1;
          if (this.remaining > Number.MAX_SAFE_INTEGER / 16) return -1;
        } else if (byte === SEMICOLON || byte === SPACE || byte === TAB) this.state = "chunk-ext";
        else return -1;
        break;
      }
      case "chunk-ext": // extensions are ignored to the end of the line
        if (byte === LF) return this.endSizeLine() ? offset + 1 : -1;
        break;
      case "chunk-end": // the CRLF after a chunk's data
        if (byte !== LF) return -1;
        this.startChunked();
        break;
      default: // trailer section: header lines until an empty one ends the response
        if (byte !== LF) this.lineLength += 1;
        else if (this.lineLength === 0) this.finish();
        else this.lineLength = 0;
    }
    return offset + 1;
  }

  /** A size line ended: data follows, or the last (0) chunk's trailer section. False when no digit came. */
  private endSizeLine(): boolean {
    if (this.lineLength === 0) return false;
    this.lineLength = 0;
    this.state = this.remaining === 0 ? "trailer" : "chunk-data";
    return true;
  }

  private finish(): void {
    const pieces = this.pieces;
    const body =
      pieces.length === 0
        ? ""
        : pieces.length === 1
          ? pieces[0]!.toString("utf8")
          : Buffer.concat(pieces).toString("utf8");
    pieces.length = 0;
    this.state = "head";
    this.onResponse(this.status, body, this.closeAfter);
  }
}

function digit(text: string, at: number): number {
  const value = text.charCodeAt(at) - 48;
  return value >= 0 && value <= 9 ? value : Number.NaN;
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Case-insensitive header-name test without allocating (`lowerName` is lowercase letters and '-'). */
function nameIs(head: string, start: number, end: number, lowerName: string): boolean {
  if (end - start !== lowerName.length) return false;
  for (let i = 0; i < lowerName.length; i += 1) {
    if ((head.charCodeAt(start + i) | 0x20) !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}

/** A live socket and the parser of its byte stream; replaced together when the socket dies. */
interface Link {
  socket: Socket;
  parser: ResponseParser;
}

/**
 * One persistent connection. When the socket dies (server close, `connection: close`, error, bad bytes) the
 * request in flight gets status 0 and the next `send` opens a fresh socket.
 */
export class HttpConnection {
  private link: Link | undefined;
  private onReply: OnReply | undefined;
  private readonly host: string;

  constructor(private readonly target: Target) {
    // `new URL(...).hostname` keeps IPv6 brackets; net.connect wants the bare address.
    this.host = target.host.startsWith("[") ? target.host.slice(1, -1) : target.host;
  }

  get busy(): boolean {
    return this.onReply !== undefined;
  }

  /** Opens the socket ahead of the first request (the connects of a pool run in parallel). */
  open(): void {
    this.link ??= this.connect();
  }

  send(payload: string, wantBody: boolean, onReply: OnReply): void {
    if (this.onReply !== undefined) throw new Error("HttpConnection: one request in flight at a time (no pipelining)");
    this.onReply = onReply;
    const link = (this.link ??= this.connect());
    link.parser.collect = wantBody;
    link.socket.write(payload); // net queues it until the connect completes
  }

  /** Destroys the socket; a request still in flight resolves with status 0. */
  close(): void {
    if (this.link !== undefined) this.lost(this.link);
  }

  private connect(): Link {
    const socket = connect({ host: this.host, port: this.target.port });
    socket.setNoDelay(true);
    const link: Link = {
      socket,
      parser: new ResponseParser((status, body, closeAfter) => this.answered(link, status, body, closeAfter)),
    };
    socket.on("data", (chunk: Buffer) => {
      if (!link.parser.feed(chunk)) this.lost(link);
    });
    socket.on("end", () => link.parser.end());
    socket.on("error", () => this.lost(link));
    socket.on("close", () => this.lost(link));
    return link;
  }

  private answered(link: Link, status: number, body: string, closeAfter: boolean): void {
    if (link !== this.link) return;
    const onReply = this.onReply;
    if (onReply === undefined) return this.lost(link); // an answer nobody asked for: the stream is out of step
    if (closeAfter) this.drop(link);
    this.onReply = undefined;
    onReply(status, body);
  }

  /** The socket failed: drop it and fail the request in flight (events of an already dropped link are ignored). */
  private lost(link: Link): void {
    if (link !== this.link) return;
    this.drop(link);
    const onReply = this.onReply;
    this.onReply = undefined;
    onReply?.(0, "");
  }

  private drop(link: Link): void {
    link.parser.stop();
    link.socket.destroy();
    this.link = undefined;
  }
}
