import { env } from "@/server/env";
import { pool } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";
import { sleep } from "@/bench/concurrency";
import { probe } from "@/bench/probe";

/** What of the stack does not answer (empty: all of it does), each as a line for the operator. */
export async function checkStack(base: string): Promise<string[]> {
  const problems: string[] = [];
  if ((await probe(`${base}/healthz`))?.status !== 200)
    problems.push(`${base}/healthz does not answer 200 (NGINX / app instances)`);
  if ((await probe(`${env.KEYCLOAK_ISSUER}/.well-known/openid-configuration`))?.status !== 200)
    problems.push(`Keycloak ${env.KEYCLOAK_ISSUER} is not reachable`);
  await pool.query("SELECT 1").catch(() => problems.push("MariaDB is not reachable"));
  await Promise.race([redis.ping(), sleep(2000).then(() => Promise.reject(new Error("timeout")))]).catch(() =>
    problems.push("Redis is not reachable"),
  );
  return problems;
}
