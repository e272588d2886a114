import { createServer } from "node:http";

/**
 * The machine's HTTP ceiling for the benchmark: a bare node:http JSON hello on 127.0.0.1:3009 (or argv[2]),
 * no framework, no I/O. Reached through NGINX at /bench/bare/ when that location exists, else directly.
 */
const port = Number(process.argv[2] ?? 3009);
const body = JSON.stringify({ ok: true });
const server = createServer((_req, res) => {
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-bench-bare": "1",
  });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => process.send?.("ready"));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
