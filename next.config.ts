import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // These talk raw TCP and keep connection singletons on globalThis; bundling them would give Next's
  // module graph a second copy of each client.
  serverExternalPackages: [
    "ioredis",
    "kafkajs",
    "mysql2",
    "drizzle-orm",
    "redlock",
    "pino",
    "prom-client",
    "@aws-sdk/client-s3",
    "jose",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
  // forbidden() in app/admin answers a signed-in shopper with a real 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
};

export default nextConfig;
