import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, describe, it } from "node:test";
import {
  createTokenRefresher,
  RefreshFailedError,
  type TokenEndpointCall,
} from "@/server/features/identity/refresh-session-tokens";
import type { SessionTokens } from "@/server/features/identity/session-jwt";
import { closeConnections } from "@/server/infra/close-connections";
import { createRedis, redis } from "@/server/infra/redis";

// Separate connections stand in for separate instances behind NGINX.
const instanceConnections = [createRedis(), createRedis(), createRedis()];

after(async () => {
  await Promise.all(instanceConnections.map((connection) => connection.quit()));
  await closeConnections();
});

function countingEndpoint(delayMs: number, fail = false) {
  let calls = 0;
  const call: TokenEndpointCall = async (refreshToken) => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (fail) throw new RefreshFailedError("invalid_grant");
    return {
      accessToken: `access-${randomUUID()}`,
      refreshToken: `${refreshToken}-next`,
      idToken: "id",
      expiresAt: 1,
    } satisfies SessionTokens;
  };
  return { call, calls: () => calls };
}

describe("refreshing a session's tokens across instances", () => {
  it("when 30 requests on 3 instances refresh the same single-use token together, then Keycloak is called once and all share the result", async () => {
    const endpoint = countingEndpoint(150);
    const refreshers = instanceConnections.map((connection) =>
      createTokenRefresher({ redis: connection, callTokenEndpoint: endpoint.call }),
    );
    const refreshToken = `rt-${randomUUID()}`;

    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => refreshers[i % 3]!(refreshToken)));

    assert.equal(endpoint.calls(), 1);
    assert.equal(new Set(results.map((r) => r.accessToken)).size, 1);
    assert.equal(results[0]?.refreshToken, `${refreshToken}-next`);
  });

  it("when the refresh is refused, then every waiting request fails fast instead of replaying the token", async () => {
    const endpoint = countingEndpoint(100, true);
    const refreshers = instanceConnections.map((connection) =>
      createTokenRefresher({ redis: connection, callTokenEndpoint: endpoint.call, waitMs: 5_000 }),
    );
    const refreshToken = `rt-${randomUUID()}`;
    const started = Date.now();

    const outcomes = await Promise.allSettled(Array.from({ length: 9 }, (_, i) => refreshers[i % 3]!(refreshToken)));

    assert.equal(endpoint.calls(), 1);
    assert.ok(outcomes.every((o) => o.status === "rejected" && o.reason instanceof RefreshFailedError));
    assert.ok(Date.now() - started < 2_000, "waiters saw the parked failure rather than timing out");
  });

  it("when the refresh finished earlier, then a later caller with the old token reuses the parked result", async () => {
    const endpoint = countingEndpoint(10);
    const refresh = createTokenRefresher({ redis, callTokenEndpoint: endpoint.call });
    const refreshToken = `rt-${randomUUID()}`;
    const first = await refresh(refreshToken);
    const second = await refresh(refreshToken);
    assert.equal(endpoint.calls(), 1);
    assert.equal(second.accessToken, first.accessToken);
  });
});
