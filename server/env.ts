import { z } from "zod";

/**
 * The only module that reads process.env. Every setting has a local default so `npm start` works without a
 * .env file; production overrides them. Parsing happens once, at import, and a bad value stops the process
 * with a message naming every offending variable (no stack trace).
 */

const bool = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.join(" or ")}//` },
  );

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** Interface the app instances listen on; loopback behind the local NGINX, 0.0.0.0 inside a container. */
  HOST: z.string().min(1).default("127.0.0.1"),
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Names this process in logs, `X-Instance-Id` and Pub/Sub channels; a fresh UUID per start when unset. */
  INSTANCE_ID: z.string().min(1).max(64).optional(),
  PUBLIC_URL: url(["http:", "https:"]).default("http://localhost:8080"),

  DATABASE_URL: url(["mysql:"]).default("mysql://flashsale:flashsale@127.0.0.1:3306/flashsale"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379/0"),

  KAFKA_BROKERS: z
    .string()
    .default("127.0.0.1:9092")
    .transform((s) => s.split(",").map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, "each broker must be host:port")).min(1)),
  KAFKA_ORDERS_TOPIC: z.string().min(1).default("orders"),
  KAFKA_ORDERS_DLQ_TOPIC: z.string().min(1).default("orders.dlq"),
  KAFKA_ORDERS_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
  /**
   * How long the producer gathers accepted orders into one produce request. Nobody waits on it (the shopper has
   * 202 already); each request costs kafkajs ~0.6 ms of CPU, so fewer, fuller requests leave the CPU to shoppers.
   */
  KAFKA_LINGER_MS: z.coerce.number().int().min(0).max(100).default(20),

  KEYCLOAK_ISSUER: url(["http:", "https:"]).default("http://localhost:8180/realms/flashsale"),
  /** Issuer reachable from the server processes; differs from the public issuer behind a proxy or in Docker. */
  KEYCLOAK_INTERNAL_URL: url(["http:", "https:"]).optional(),
  KEYCLOAK_CLIENT_ID: z.string().min(1).default("flashsale-web"),
  KEYCLOAK_CLIENT_SECRET: z.string().min(1).default("flashsale-web-dev-secret"),
  /** Audience our access tokens must carry; Keycloak's default `account` alone is refused. */
  API_AUDIENCE: z.string().min(1).default("flashsale-api"),
  /** Direct-access-grant client used by local tests and the benchmark (infra/keycloak/test-client.json). */
  KEYCLOAK_TEST_CLIENT_ID: z.string().min(1).default("flashsale-test"),
  /** Accept tokens minted for the test client. Off unless the local stack or the test runner turns it on. */
  ALLOW_TEST_CLIENT: bool.default(false),
  NEXTAUTH_URL: url(["http:", "https:"]).default("http://localhost:8080"),
  NEXTAUTH_SECRET: z.string().min(16).default("dev-only-nextauth-secret-change-me"),

  S3_ENDPOINT: url(["http:", "https:"]).optional().default("http://127.0.0.1:4569"),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("coupon-images"),
  S3_ACCESS_KEY_ID: z.string().min(1).default("S3RVER"),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default("S3RVER"),
  /** Where browsers fetch images; NGINX proxies /images/ to the bucket locally, a CDN does in production. */
  IMAGES_PUBLIC_URL: z.string().min(1).default("/images"),

  STARTING_CREDIT_CENTS: z.coerce.number().int().min(0).default(10_000),
  /** Issue #9 switch: false serves purchases natively in the custom server, true sends them through Next. */
  PURCHASE_VIA_NEXT: bool.default(false),
  /** Bench-only strategies (pessimistic, optimistic, conditional update); never enable in production. */
  BENCH_STRATEGIES_ENABLED: bool.default(false),
  /** Issue #4: fill listed stock from the live stock keys (one MGET per page); false serves the cached stock. */
  CATALOGUE_LIVE_STOCK: bool.default(true),
  METRICS_ENABLED: bool.default(true),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    const given = source[name as keyof typeof source];
    return `  - ${name}: ${issue.message}${given === undefined ? "" : ` (got "${given}")`}`;
  });
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // A stack trace would bury the one thing the operator needs: which variable to fix.
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

export const env: Env = loadEnv();

// next-auth reads NEXTAUTH_URL from process.env on its own; hand it the validated value (with its local default).
process.env.NEXTAUTH_URL ??= env.NEXTAUTH_URL;
