import { mkdirSync } from "node:fs";
import path from "node:path";
import S3rver from "s3rver";
import { env } from "@/server/env";

/**
 * The local stand-in for S3: an S3-compatible server on loopback holding the coupon-image bucket, data under
 * .run/s3. The app only ever talks to it through @aws-sdk/client-s3, exactly as it would to real S3.
 */
async function main() {
  const endpoint = new URL(env.S3_ENDPOINT);
  const directory = path.resolve(".run/s3");
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    port: Number(endpoint.port || 4569),
    // Listens where S3_ENDPOINT points: 127.0.0.1 locally; the Docker setup sets http://0.0.0.0:4569 for this service.
    address: endpoint.hostname,
    directory,
    silent: true,
    configureBuckets: [{ name: env.S3_BUCKET }],
  });
  const { address, port } = await server.run();
  console.log(JSON.stringify({ msg: "s3 server listening", address, port, bucket: env.S3_BUCKET, directory }));

  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`s3 server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
