import assert from "node:assert/strict";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { AppError } from "@/server/errors";
import { answerClientError, answerEveryRequest, readJsonBody, sendJson } from "@/server/http/native";

/** A real node:http server on port 0 with the listener wall, whose routes misbehave on purpose. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<unknown> | void> = {
  "/sync-throw": () => {
    throw new URIError("URI malformed");
  },
  "/rejects": () => Promise.reject(new Error("framework failed")),
  "/refuses": () => Promise.reject(new AppError("BAD_REQUEST")),
  "/half-sent": (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.write("partial");
    return Promise.reject(new Error("failed mid-answer"));
  },
  "/json": async (req, res) => sendJson(res, 200, { body: (await readJsonBody(req, 1024)) ?? null }),
};

let server: Server;
let port: number;

before(async () => {
  server = createServer(answerEveryRequest((req, res) => (routes[req.url ?? ""] ?? routes["/sync-throw"]!)(req, res)));
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise((resolve) => server.close(resolve)));

function send(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; chunks?: string[] } = {},
) {
  return new Promise<{ status: number; text: string; headers: IncomingMessage["headers"] }>((resolve, reject) => {
    const req = request({ port, path, method: init.method ?? "GET", headers: init.headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => (text += part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on("error", reject);
    });
    // A request nobody answers must fail the test, not hang it.
    req.setTimeout(3000, () => req.destroy(new Error(`no answer to ${path}`)));
    req.on("error", reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end(init.body);
  });
}

function raw(bytes: string) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (part: string) => (text += part));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

const errorOf = (text: string) => (JSON.parse(text) as { error: string }).error;

describe("the request listener's wall", () => {
  it("when a route throws synchronously, then the client gets a JSON 500 and the server keeps serving", async () => {
    const answer = await send("/sync-throw");
    assert.deepEqual([answer.status, errorOf(answer.text)], [500, "INTERNAL"]);
    assert.equal((await send("/json")).status, 200);
  });

  it("when a route's promise rejects, then JSON 500; an AppError keeps its own status", async () => {
    const rejected = await send("/rejects");
    assert.deepEqual([rejected.status, errorOf(rejected.text)], [500, "INTERNAL"]);
    const refused = await send("/refuses");
    assert.deepEqual([refused.status, errorOf(refused.text)], [400, "BAD_REQUEST"]);
  });

  it("when the answer had already started, then the connection is cut instead of a second answer", async () => {
    await assert.rejects(send("/half-sent"));
    assert.equal((await send("/json")).status, 200);
  });
});

describe("readJsonBody", () => {
  const json = { "content-type": "application/json" };

  it("when the body is JSON, then it is parsed; an empty body is undefined", async () => {
    assert.equal((await send("/json", { method: "POST", headers: json, body: '{"a":1}' })).text, '{"body":{"a":1}}');
    assert.equal((await send("/json", { method: "POST", body: "" })).text, '{"body":null}');
  });

  for (const type of [
    undefined,
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/jsonx",
    "multipart/form-data",
  ]) {
    it(`when a body comes as ${type ?? "no content type"}, then 415 UNSUPPORTED_MEDIA_TYPE`, async () => {
      const answer = await send("/json", { method: "POST", headers: type ? { "content-type": type } : {}, body: "{}" });
      assert.deepEqual([answer.status, errorOf(answer.text)], [415, "UNSUPPORTED_MEDIA_TYPE"]);
    });
  }

  it("when the body is not JSON (a run of braces, NUL bytes), then 400 BAD_REQUEST", async () => {
    for (const body of ["{".repeat(900), "\u0000\u0001", "[1,", '{"a":1}}']) {
      const answer = await send("/json", {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body,
      });
      assert.deepEqual([answer.status, errorOf(answer.text)], [400, "BAD_REQUEST"]);
    }
  });

  it("when the declared or the streamed body passes the limit, then JSON 413 and the connection closes", async () => {
    const declared = await send("/json", { method: "POST", headers: json, body: "x".repeat(2000) });
    assert.deepEqual(
      [declared.status, errorOf(declared.text), declared.headers.connection],
      [413, "PAYLOAD_TOO_LARGE", "close"],
    );
    const chunked = await send("/json", { method: "POST", headers: json, chunks: ["[", "1,".repeat(600), "1]"] });
    assert.deepEqual([chunked.status, errorOf(chunked.text)], [413, "PAYLOAD_TOO_LARGE"]);
  });
});

describe("answerClientError", () => {
  it("when the request line is over Node's header limit, then a JSON 431", async () => {
    const reply = await raw(`GET /${"a".repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 431 /);
    assert.equal(errorOf(reply.slice(reply.indexOf("\r\n\r\n") + 4)), "BAD_REQUEST");
  });

  it("when unparsable bytes follow a request that was already answered, then no second answer corrupts the stream", async () => {
    const reply = await raw(
      "POST /refuses HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\r\nabcde\u0000\u0001 garbage\r\n\r\n",
    );
    assert.equal(reply.match(/HTTP\/1\.1 /g)?.length, 1, reply);
    assert.match(reply, /^HTTP\/1\.1 400 /);
  });

  it("when the bytes are not HTTP at all, then a JSON 400 and the server keeps serving", async () => {
    const reply = await raw("\u0000\u0001 garbage\r\n\r\n");
    assert.match(reply, /^HTTP\/1\.1 400 /);
    assert.match(reply, /"error":"BAD_REQUEST"/);
    assert.equal((await send("/json")).status, 200);
  });
});
