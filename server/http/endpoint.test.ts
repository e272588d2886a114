import assert from "node:assert/strict";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { AppError } from "@/server/errors";
import { defineEndpoint, nativeEndpoint, routeEndpoint } from "@/server/http/endpoint";
import { answerEveryRequest, sendError } from "@/server/http/native";
import { createNativeRouter } from "@/server/http/native-router";

/** A test endpoint that needs a body, checks a header before reading it, and answers with what it saw. */
const echo = defineEndpoint<"id">({
  method: "POST",
  path: "/echo/:id",
  status: 201,
  body: { limitBytes: 64, optional: false },
  handle: async (request) => {
    if (request.header("x-refuse") !== undefined) throw new AppError("UNAUTHENTICATED");
    return { id: request.params.id, body: await request.body(), tag: request.header("x-tag") ?? null };
  },
});

let server: Server;
let port: number;

before(async () => {
  const router = createNativeRouter([nativeEndpoint(echo)]);
  server = createServer(
    answerEveryRequest((req, res) => {
      const match = router.match(req.method, new URL(req.url ?? "/", "http://x").pathname);
      if (!match) throw new AppError("NOT_FOUND");
      return match.route.handle(req, res, match.params).catch((error: unknown) => sendError(req, res, error));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise((resolve) => server.close(resolve)));

interface Case {
  headers: Record<string, string>;
  body?: string;
}

type Answer = [status: number, body: unknown];

function viaNative({ headers, body }: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, path: "/echo/7", method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve([res.statusCode ?? 0, JSON.parse(text)]));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function viaNext({ headers, body }: Case): Promise<Answer> {
  const handler = routeEndpoint(echo);
  const response = await handler(new Request("http://localhost/echo/7", { method: "POST", headers, body }), {
    params: Promise.resolve({ id: "7" }),
  });
  return [response.status, await response.json()];
}

const json = { "content-type": "application/json" };
const cases: Record<string, { given: Case; expect: Answer | number }> = {
  "a JSON body": {
    given: { headers: { ...json, "x-tag": "a" }, body: '{"n":1}' },
    expect: [201, { id: "7", body: { n: 1 }, tag: "a" }],
  },
  "a body that is not declared JSON": { given: { headers: { "content-type": "text/plain" }, body: "{}" }, expect: 415 },
  "a body over the limit": { given: { headers: json, body: JSON.stringify({ s: "x".repeat(80) }) }, expect: 413 },
  "a body that does not parse": { given: { headers: json, body: "{" }, expect: 400 },
  "no body where one is required": { given: { headers: { ...json, "content-length": "0" } }, expect: 400 },
  "a refusal before the body is read": {
    given: { headers: { ...json, "x-refuse": "1" }, body: "x".repeat(200) },
    expect: 401,
  },
  "a cookie write from another site": {
    given: { headers: { ...json, cookie: "a=b", "sec-fetch-site": "cross-site" }, body: "{}" },
    expect: 403,
  },
};

describe("an endpoint mounted on both doors", () => {
  for (const [name, { given, expect }] of Object.entries(cases)) {
    it(`when it gets ${name}, then both doors give the same answer`, async () => {
      const [native, next] = [await viaNative(given), await viaNext(given)];
      if (typeof expect === "number") {
        assert.equal(native[0], expect);
      } else {
        assert.deepEqual(native, expect);
      }
      assert.deepEqual(next, native);
    });
  }
});
