import { env } from "@/server/env";
import { appPorts, programsNotRunning } from "@/chaos/stack-processes";
import { sleep } from "@/bench/concurrency";

/**
 * Whether the whole stack serves: every instance ready (MySQL, Redis, Kafka), the worker healthy, NGINX up,
 * Keycloak's realm answering, and supervisord running every program.
 */

const workerHealthUrl = "http://127.0.0.1:3100/healthz";
const keycloakRealmUrl = `${env.KEYCLOAK_ISSUER}/.well-known/openid-configuration`;
const publicUrl = "http://127.0.0.1:8080/healthz";

async function ok(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function unhealthyParts(): Promise<string[]> {
  const checks = await Promise.all([
    ...appPorts.map(async (port) =>
      (await ok(`http://127.0.0.1:${port}/readyz`)) ? undefined : `app on ${port} not ready`,
    ),
    ok(workerHealthUrl).then((up) => (up ? undefined : "worker not healthy")),
    ok(publicUrl).then((up) => (up ? undefined : "NGINX not answering")),
    ok(keycloakRealmUrl).then((up) => (up ? undefined : "Keycloak not answering")),
    programsNotRunning().then((names) => (names.length === 0 ? undefined : `not running: ${names.join(", ")}`)),
  ]);
  return checks.filter((c): c is string => c !== undefined);
}

/** Polls until the stack is healthy; returns the milliseconds it took, or undefined after `timeoutMs`. */
export async function waitUntilHealthy(timeoutMs: number, sinceMs = performance.now()): Promise<number | undefined> {
  const deadline = sinceMs + timeoutMs;
  while (performance.now() < deadline) {
    if ((await unhealthyParts()).length === 0) return Math.round(performance.now() - sinceMs);
    await sleep(200);
  }
  return undefined;
}
