import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";

/**
 * NGINX's per-client limits (nginx.conf): purchases per address and per token, next-auth calls per address,
 * socket opens and live sockets per address; every refusal is 429 RATE_LIMITED JSON with Retry-After. The
 * benchmark's listener (8089) shares the locations but not the limits. Forged tokens are enough here: NGINX
 * counts before any instance looks at them, and the instances' answer to a forged token is 401.
 */
const publicUrl = "http://127.0.0.1:8080";
const edgeMessage = "Too many requests; try again in a moment.";

let closeBenchListener: () => Promise<void> = () => Promise.resolve();

before(async () => {
  closeBenchListener = await openBenchListener();
});

after(async () => {
  await closeBenchListener();
  // Leaves full buckets to the files after this one (all limits refill within 5 s).
  await new Promise((resolve) => setTimeout(resolve, 5_000));
});

function forgedToken(): string {
  const part = () => randomBytes(48).toString("base64url");
  return `${part()}.${part()}.${randomBytes(256).toString("base64url")}`;
}

interface Answer {
  status: number;
  error?: string;
  message?: string;
  retryAfter: string | null;
  contentType: string | null;
}

async function post(base: string, path: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method: "POST", headers });
  const text = await response.text();
  const body = (text.startsWith("{") ? JSON.parse(text) : {}) as { error?: string; message?: string };
  return {
    status: response.status,
    ...body,
    retryAfter: response.headers.get("retry-after"),
    contentType: response.headers.get("content-type"),
  };
}

function assertEdgeRefusals(answers: Answer[]) {
  for (const answer of answers.filter((a) => a.status === 429)) {
    assert.deepEqual([answer.error, answer.message, answer.retryAfter], ["RATE_LIMITED", edgeMessage, "1"]);
    assert.match(answer.contentType ?? "", /^application\/json/);
  }
}

const purchasePath = "/api/coupons/1/purchase";

describe("per-client limits at NGINX", () => {
  it("when one token fires 12 purchases at once, then five reach an instance and the rest are refused at the edge", async () => {
    const token = forgedToken();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(publicUrl, purchasePath, { authorization: `Bearer ${token}` })),
    );
    assert.equal(answers.filter((a) => a.status === 401).length, 5, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(answers.filter((a) => a.status === 429).length, 7);
    assertEdgeRefusals(answers);
  });

  it("when one address fires 90 purchases with a new forged token each, then the address limit refuses the excess", async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the previous test's requests refill
    const answers = await Promise.all(
      Array.from({ length: 90 }, () => post(publicUrl, purchasePath, { authorization: `Bearer ${forgedToken()}` })),
    );
    const refused = answers.filter((a) => a.status === 429).length;
    // At most 90 − (burst 50 + the first one) are refused; fewer when the volley reaches NGINX spread out (a loaded
    // machine), as the bucket refills at 20/s meanwhile. Without the limit none would be.
    assert.ok(refused >= 10 && refused <= 39, `${refused} refused`);
    assert.ok(answers.every((a) => a.status === 401 || a.status === 429));
    assertEdgeRefusals(answers);
  });

  it("when the benchmark's listener gets the same volleys, then nothing is refused at the edge", async () => {
    const token = forgedToken();
    const sameToken = await Promise.all(
      Array.from({ length: 12 }, () => post(benchListenerUrl, purchasePath, { authorization: `Bearer ${token}` })),
    );
    const manyTokens = await Promise.all(
      Array.from({ length: 90 }, () =>
        post(benchListenerUrl, purchasePath, { authorization: `Bearer ${forgedToken()}` }),
      ),
    );
    assert.deepEqual(new Set([...sameToken, ...manyTokens].map((a) => a.status)), new Set([401]));
  });

  it("when one address calls next-auth 70 times at once, then the excess is refused", async () => {
    const answers = await Promise.all(
      Array.from({ length: 70 }, async () => {
        const response = await fetch(`${publicUrl}/api/auth/csrf`);
        const body = (await response.json()) as { error?: string };
        return { status: response.status, error: body.error, retryAfter: response.headers.get("retry-after") };
      }),
    );
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length >= 20 && refused.length <= 30, `${refused.length} refused`);
    assert.ok(refused.every((a) => a.error === "RATE_LIMITED" && a.retryAfter === "1"));
    assert.ok(answers.filter((a) => a.status === 200).length >= 40);
  });
});

interface Upgrade {
  status: number;
  close(): void;
}

function openSocket(base: string): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/socket.io/?EIO=4&transport=websocket`, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
      },
    });
    req.on("upgrade", (response, socket) =>
      resolve({ status: response.statusCode ?? 0, close: () => socket.destroy() }),
    );
    req.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, close: () => undefined });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("socket limits at NGINX", () => {
  it("when one address opens 40 sockets at once, then 21 upgrade and the rest are refused", async () => {
    const sockets = await Promise.all(Array.from({ length: 40 }, () => openSocket(publicUrl)));
    try {
      assert.equal(sockets.filter((s) => s.status === 101).length, 21);
      assert.equal(sockets.filter((s) => s.status === 429).length, 19);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it("when one address holds 50 live sockets, then a 51st is refused while the benchmark's listener still accepts", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // the previous test's opens refill
    const sockets: Upgrade[] = [];
    try {
      // 20 at once (the burst), then 10 a second: the opening rate stays within its limit.
      sockets.push(...(await Promise.all(Array.from({ length: 20 }, () => openSocket(publicUrl)))));
      while (sockets.length < 50) {
        await new Promise((resolve) => setTimeout(resolve, 120));
        sockets.push(await openSocket(publicUrl));
      }
      assert.ok(
        sockets.every((s) => s.status === 101),
        JSON.stringify(sockets.map((s) => s.status)),
      );
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.equal((await openSocket(publicUrl)).status, 429);
      const exempt = await openSocket(benchListenerUrl);
      exempt.close();
      assert.equal(exempt.status, 101);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
