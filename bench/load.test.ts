import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { runLoad, type Answer, type LoadOptions, type RequestSpec } from "@/bench/load";

/** A framing bug would leave an answer waiting forever: fail the test instead of hanging the run. */
const bounded = { timeout: 10_000 };

/** A real node:http server on an ephemeral port; counts the TCP connections it accepted. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => unknown) {
  const server = createServer((req, res) => {
    // A handler that fails fails its test by the answer it never sends; the server itself must not throw.
    Promise.resolve(handler(req, res)).catch((error: unknown) => res.destroy(error as Error));
  });
  let accepted = 0;
  server.on("connection", () => (accepted += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: { host: "127.0.0.1", port },
    accepted: () => accepted,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Closed loop over `count` requests, collecting every answer by index. */
async function closedLoop(
  target: LoadOptions["target"],
  count: number,
  next: (index: number) => RequestSpec,
  connections = 4,
) {
  const answers: Answer[] = [];
  const result = await runLoad({
    target,
    connections,
    durationMs: 10_000,
    maxRequests: count,
    next,
    wantBody: true,
    onAnswer: (answer) => (answers[answer.index] = answer),
  });
  return { result, answers };
}

test("closed loop: maxRequests requests, statuses counted, bodies as sent", bounded, async () => {
  const server = await httpServer((req, res) => {
    const conflict = req.url?.startsWith("/conflict") ?? false;
    const body = JSON.stringify(conflict ? { error: "SOLD_OUT", path: req.url } : { ok: true, path: req.url });
    res.writeHead(conflict ? 409 : 200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
  try {
    const n = 60;
    const { result, answers } = await closedLoop(server.target, n, (i) => ({
      method: "GET",
      path: i % 3 === 0 ? `/conflict/${i}` : `/ok/${i}`,
    }));
    assert.equal(result.requests, n);
    assert.equal(result.errors, 0);
    assert.deepEqual(result.statuses, { "200": 40, "409": 20 });
    assert.equal(result.model, "closed loop, 4 connections");
    for (let i = 0; i < n; i += 1) {
      const conflict = i % 3 === 0;
      assert.equal(answers[i]?.status, conflict ? 409 : 200);
      assert.deepEqual(
        JSON.parse(answers[i]?.body ?? ""),
        conflict ? { error: "SOLD_OUT", path: `/conflict/${i}` } : { ok: true, path: `/ok/${i}` },
      );
    }
    assert.ok(server.accepted() <= 4, `one persistent connection per lane, got ${server.accepted()}`);
  } finally {
    await server.close();
  }
});

test("chunked answers, small and larger than 64 KB, parse into the bodies written", bounded, async () => {
  const large = "é€ flash sale ".repeat(20_000); // multi-byte characters straddle chunk boundaries
  const server = await httpServer(async (req, res) => {
    const text = req.url === "/large" ? large : "small body";
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }); // no content-length: chunked
    for (let at = 0; at < text.length; at += 7_777) {
      res.write(text.slice(at, at + 7_777));
      await sleep(1);
    }
    res.end();
  });
  try {
    const { result, answers } = await closedLoop(
      server.target,
      6,
      (i) => ({ method: "GET", path: i % 2 === 0 ? "/large" : "/small" }),
      2,
    );
    assert.equal(result.errors, 0);
    assert.ok(Buffer.byteLength(large) > 64 * 1024);
    for (let i = 0; i < 6; i += 1) assert.equal(answers[i]?.body, i % 2 === 0 ? large : "small body");
  } finally {
    await server.close();
  }
});

test("a POST body and the spec's headers arrive intact", bounded, async () => {
  const seen: { headers: IncomingHttpHeaders; body: string; method?: string }[] = [];
  const server = await httpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), method: req.method });
      res.writeHead(201, { "content-length": 0 });
      res.end();
    });
  });
  try {
    const body = JSON.stringify({ coupon: "café €5", quantity: 1 });
    const headers: Record<string, string>[] = [{ authorization: "Bearer t0ken" }, { "Content-Type": "text/plain" }];
    const { result } = await closedLoop(
      server.target,
      2,
      (i) => ({ method: "POST", path: "/api/coupons/7/purchase", headers: headers[i], body }),
      1,
    );
    assert.deepEqual(result.statuses, { "201": 2 });
    assert.equal(seen[0]?.method, "POST");
    assert.equal(seen[0]?.body, body);
    assert.equal(seen[0]?.headers["content-length"], String(Buffer.byteLength(body)));
    assert.equal(seen[0]?.headers.authorization, "Bearer t0ken");
    assert.equal(seen[0]?.headers["content-type"], "application/json");
    assert.equal(seen[0]?.headers.host, `127.0.0.1:${server.target.port}`);
    assert.equal(seen[1]?.headers["content-type"], "text/plain", "an explicit content-type is kept, not doubled");
    assert.equal(seen[1]?.body, body);
  } finally {
    await server.close();
  }
});

test(
  "a socket destroyed by the server fails only its request (status 0); later ones succeed on a new connection",
  bounded,
  async () => {
    const server = await httpServer((req, res) => {
      if (req.url === "/die") return req.socket.destroy();
      res.writeHead(200, { "content-length": 2 });
      res.end("ok");
    });
    try {
      const { result, answers } = await closedLoop(
        server.target,
        5,
        (i) => ({ method: "GET", path: i === 2 ? "/die" : `/ok/${i}` }),
        1,
      );
      assert.equal(result.requests, 5);
      assert.equal(result.errors, 1);
      assert.deepEqual(result.statuses, { "0": 1, "200": 4 });
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200, 0, 200, 200],
      );
      assert.equal(answers[3]?.body, "ok");
      assert.equal(server.accepted(), 2);
    } finally {
      await server.close();
    }
  },
);

test("an answer with connection: close keeps its status, and the next request reconnects", bounded, async () => {
  const server = await httpServer((req, res) => {
    res.writeHead(req.url === "/last" ? 429 : 200, {
      "content-length": 2,
      ...(req.url === "/last" ? { connection: "close" } : {}),
    });
    res.end("ok");
  });
  try {
    const { result } = await closedLoop(server.target, 4, (i) => ({ method: "GET", path: i === 1 ? "/last" : "/" }), 1);
    assert.deepEqual(result.statuses, { "200": 3, "429": 1 });
    assert.equal(result.errors, 0);
    assert.equal(server.accepted(), 2);
  } finally {
    await server.close();
  }
});

test("open loop at 200 req/s for 1 s issues about 200 requests and records their latencies", bounded, async () => {
  const server = await httpServer((_req, res) => {
    res.writeHead(200, { "content-length": 2 });
    res.end("ok");
  });
  try {
    const ticks: number[] = [];
    const result = await runLoad({
      target: server.target,
      connections: 8,
      durationMs: 1_000,
      rate: 200,
      next: () => ({ method: "GET", path: "/" }),
      onTick: (ms) => ticks.push(ms),
    });
    assert.ok(result.requests >= 170 && result.requests <= 230, `requests ${result.requests}`);
    assert.equal(result.errors, 0);
    assert.equal(result.model, "open loop at 200 req/s, up to 8 connections");
    assert.ok(result.latencyMs.p50 > 0 && result.latencyMs.max >= result.latencyMs.p99);
    assert.ok(ticks.length >= 3, `ticks ${ticks.length}`);
  } finally {
    await server.close();
  }
});

test(
  "open loop: requests due while the only connection is busy wait in order, latency from their due time",
  bounded,
  async () => {
    const server = await httpServer((req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "content-length": Buffer.byteLength(req.url ?? "") });
        res.end(req.url);
      }, 20);
    });
    try {
      const answers: Answer[] = [];
      // 20 due in 100 ms, but one connection serves one per ~20 ms: the last waits ~300 ms past its due time
      const result = await runLoad({
        target: server.target,
        connections: 1,
        durationMs: 100,
        rate: 200,
        wantBody: true,
        next: (i) => ({ method: "GET", path: `/${i}` }),
        onAnswer: (answer) => answers.push(answer),
      });
      assert.equal(result.requests, answers.length);
      assert.ok(result.requests >= 17 && result.requests <= 21, `requests ${result.requests}`);
      assert.deepEqual(
        answers.map((answer) => answer.index),
        answers.map((_answer, i) => i),
        "FIFO",
      );
      assert.ok(answers.every((answer) => answer.body === `/${answer.index}`));
      assert.ok(result.latencyMs.max > 200, `max ${result.latencyMs.max} ms counts the wait`);
      assert.ok(answers[1]!.startedAt - answers[0]!.startedAt < 10, "startedAt is the due time, 5 ms apart");
    } finally {
      await server.close();
    }
  },
);

/** A raw TCP server that answers each GET with scripted bytes, cut into pieces sent a few ms apart. */
async function scriptedServer(script: (path: string) => { pieces: string[]; end?: boolean }) {
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffered = "";
    let queue = Promise.resolve();
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (let end = buffered.indexOf("\r\n\r\n"); end >= 0; end = buffered.indexOf("\r\n\r\n")) {
        const path = buffered.slice(0, end).split(" ")[1] ?? "";
        buffered = buffered.slice(end + 4);
        const answer = script(path);
        queue = queue.then(async () => {
          for (const piece of answer.pieces) {
            socket.write(Buffer.from(piece, "latin1"));
            await sleep(3);
          }
          if (answer.end) socket.end();
        });
      }
    });
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: { host: "127.0.0.1", port },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test(
  "framing cut at awkward places, an interim 100 in the same packet, and a body that ends at close",
  bounded,
  async () => {
    const server = await scriptedServer((path) => {
      if (path === "/split") {
        return {
          pieces: [
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chu",
            "nked\r\nX-A: 1\r\n\r",
            "\n5;ext=1\r",
            "\nhello\r\n1",
            "0\r\n",
            "0123456789abcdef\r\n0\r\nX-Trailer: t\r\n",
            "\r\n",
          ],
        };
      }
      if (path === "/interim")
        return { pieces: ["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-LENGTH: 2\r\n\r\nhi"] };
      if (path === "/until-close") return { pieces: ["HTTP/1.0 200 OK\r\n\r\nby", "e"], end: true };
      return { pieces: ["HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"] };
    });
    try {
      const paths = ["/split", "/interim", "/until-close", "/split", "/nope"];
      const { result, answers } = await closedLoop(
        server.target,
        paths.length,
        (i) => ({ method: "GET", path: paths[i]! }),
        1,
      );
      assert.deepEqual(
        answers.map((answer) => [answer.status, answer.body]),
        [
          [200, "hello0123456789abcdef"],
          [201, "hi"],
          [200, "bye"],
          [200, "hello0123456789abcdef"],
          [404, ""],
        ],
      );
      assert.equal(result.errors, 0);
    } finally {
      await server.close();
    }
  },
);
