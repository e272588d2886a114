import { z } from "zod";

/**
 * The only module that reads process.env. Every setting has a local default so `npm start` works without a
 * .env file; production overrides them. Parsing happens once, at import, and a bad value stops the process
 * with a message naming every offending variable (no stack trace, and never the value: it may be a secret).
 * Under NODE_ENV=production the local defaults of the secrets and the test-only switches are refused too,
 * unless the local stack declares itself (FLASHSALE_LOCAL_STACK), since it runs production builds with them.
 */

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

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

const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** Interface the app instances listen on; loopback behind the local NGINX, 0.0.0.0 inside a container. */
  HOST: z.string().min(1).default("127.0.0.1"),
  WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Interface of the worker's health server: loopback locally, 0.0.0.0 in a container so a probe can call in. */
  WORKER_HOST: z.string().min(1).default("127.0.0.1"),
  /** Names this process in logs, `X-Instance-Id` and Pub/Sub channels; a fresh UUID per start when unset. */
  INSTANCE_ID: z.string().min(1).max(64).optional(),
  PUBLIC_URL: url(["http:", "https:"]).default("http://localhost:8080"),

  DATABASE_URL: url(["mysql:"]).default("mysql://flashsale:flashsale@127.0.0.1:3307/flashsale"),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6380/0"),
  /**
   * Seed nodes of a Redis Cluster (host:port list); when set, REDIS_URL is not used. Empty means one Redis node.
   * All of a coupon's keys share one hash tag, so the Lua scripts run unchanged on a cluster.
   */
  REDIS_CLUSTER_NODES: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((node) => node.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, "each node must be host:port"))),

  KAFKA_BROKERS: z
    .string()
    .default("127.0.0.1:9092")
    .transform((s) =>
      s
        .split(",")
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, "each broker must be host:port")).min(1)),
  KAFKA_ORDERS_TOPIC: z.string().min(1).default("orders"),
  KAFKA_ORDERS_DLQ_TOPIC: z.string().min(1).default("orders.dlq"),
  KAFKA_ORDERS_PARTITIONS: z.coerce.number().int().min(1).max(256).default(6),
  /**
   * Replicas of each topic partition and how many must hold a write before it is acknowledged (acks = all):
   * 1/1 on one broker; 3/2 on a cluster, so an acknowledged order survives the loss of one broker. Used when
   * scripts/create-topics.ts creates the topics.
   */
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(16).default(1),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).max(16).default(1),
  /**
   * How long the producer gathers accepted orders into one produce request. Nobody waits on it (the shopper has
   * 202 already); each request costs kafkajs CPU of its own, so fewer, fuller requests leave the CPU to shoppers.
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
  /**
   * The benchmark's switch: bench/server.ts (the local stack's app entry, with the alternative purchase strategies)
   * refuses to start without it, and the App Router no-op answers only with it. Never enable in production.
   */
  BENCH_STRATEGIES_ENABLED: bool.default(false),
  /** Issue #4: fill listed stock from the live stock keys (one MGET per page); false serves the cached stock. */
  CATALOGUE_LIVE_STOCK: bool.default(true),
  METRICS_ENABLED: bool.default(true),

  /**
   * Purchases one user may attempt on one coupon (GCRA in lua/purchase.lua): a burst at once, then this many
   * a second. A person clicks once and the client retries on its own after a 503 or 429, far below this; a bot
   * reusing one account is answered 429 RATE_LIMITED from a single Redis GET.
   */
  PURCHASE_RATE_PER_SECOND: z.coerce.number().min(0.01).max(1000).default(2),
  PURCHASE_RATE_BURST: z.coerce.number().int().min(1).max(1000).default(5),

  /**
   * Admissions per second of a waiting room whose coupon names no rate of its own. Conservative on purpose: a
   * modest share of what one app instance serves (bench/README.md), so admitted shoppers find the purchase fast
   * even while the rest of the shop is busy; an admin raises it per coupon when the sale deserves more.
   */
  ROOM_ADMIT_PER_SECOND_DEFAULT: z.coerce.number().int().min(1).max(100_000).default(200),
  /** How long a waiting-room admission stays valid unused before its place goes to the next in line. */
  ROOM_ADMISSION_TTL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /**
   * Joining a waiting room costs a proof of work solved in the browser (GET …/room/challenge): a few hundred ms
   * for a person, real CPU for whoever joins with a thousand accounts. Off, joining takes no body (as before).
   */
  ROOM_PROOF_OF_WORK: bool.default(true),
  /**
   * Its size: this many puzzles, each of 2^bits hashes on average. Many small puzzles rather than one big one, so
   * the solve time varies little between people. What the defaults cost is measured in bench/README.md.
   */
  ROOM_POW_PUZZLES: z.coerce.number().int().min(1).max(256).default(64),
  ROOM_POW_DIFFICULTY_BITS: z.coerce.number().int().min(0).max(24).default(13),

  /** Set by infra/lib/stack.sh only: this production build is the local development stack, defaults allowed. */
  FLASHSALE_LOCAL_STACK: bool.default(false),
  /** Next.js sets it while building; a build reads no secret, so the production checks wait for the start. */
  NEXT_PHASE: z.string().optional(),
});

/** Values that ship in this repository (env defaults, realm, compose): public, so never a production secret. */
const knownSecrets = new Set([
  "dev-only-nextauth-secret-change-me",
  "flashsale-web-dev-secret",
  "flashsale-test-secret",
  "S3RVER",
  "flashsale",
  "flashsale-root",
  "admin",
  "secret",
  "password",
  "changeme",
  "change-me",
]);

/** Shorter secrets fall to guessing; next-auth derives its encryption key from NEXTAUTH_SECRET. */
const minSecretLength = {
  NEXTAUTH_SECRET: 32,
  KEYCLOAK_CLIENT_SECRET: 16,
  S3_SECRET_ACCESS_KEY: 16,
  DATABASE_URL: 12,
} as const;

const schema = fields.superRefine((env, ctx) => {
  if (env.NODE_ENV !== "production" || env.FLASHSALE_LOCAL_STACK || env.NEXT_PHASE === "phase-production-build") return;
  const refuse = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
  const secrets = {
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET,
    KEYCLOAK_CLIENT_SECRET: env.KEYCLOAK_CLIENT_SECRET,
    S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY,
    DATABASE_URL: databasePassword(env.DATABASE_URL),
  };
  for (const [name, secret] of Object.entries(secrets) as [keyof typeof secrets, string | undefined][]) {
    // A field that failed its own check is already named once; superRefine still runs after that.
    if (typeof secret !== "string") continue;
    const what = name === "DATABASE_URL" ? "its password" : "it";
    if (knownSecrets.has(secret)) refuse(name, `${what} is a published development default; set a secret of your own`);
    else if (secret.length < minSecretLength[name])
      refuse(name, `${what} must be at least ${minSecretLength[name]} characters in production`);
  }
  if (env.ALLOW_TEST_CLIENT)
    refuse("ALLOW_TEST_CLIENT", "must be off in production: it accepts tokens minted by a password-grant test client");
  if (env.BENCH_STRATEGIES_ENABLED)
    refuse(
      "BENCH_STRATEGIES_ENABLED",
      "must be off in production: it serves the benchmark's alternative purchase paths",
    );
});

function databasePassword(databaseUrl: unknown): string | undefined {
  if (typeof databaseUrl !== "string" || !URL.canParse(databaseUrl)) return undefined;
  const raw = new URL(databaseUrl).password;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // A malformed escape is still a password to measure, not a reason to crash the check.
  }
}

export type Env = z.infer<typeof schema>;

/** Every variable this module reads: deployment files are checked against it (tests/deploy). */
export const envVariableNames = Object.keys(fields.shape) as (keyof typeof fields.shape)[];

/** Secrets whose local defaults are refused in production: every deployment must set them. */
export const productionSecretNames = Object.keys(minSecretLength) as (keyof typeof minSecretLength)[];

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  // Names and rules only: a rejected value can be a secret (or hold one, like a URL's password), and this
  // message ends up in logs and supervisors' status lines.
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(environment)"}: ${issue.message}`);
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
