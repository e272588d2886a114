import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";

/** Path-style addressing: the local S3 server (and MinIO) do not serve virtual-host bucket names. */
const s3 = globalSingleton(
  "s3-client",
  () =>
    new S3Client({
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
    }),
);

export async function putCouponImage(key: string, body: Uint8Array, contentType: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: env.S3_BUCKET,
      Key: key,
      Body: body,
      ContentType: contentType,
      // Keys are unique per upload, so browsers and CDNs may keep them forever.
      CacheControl: "public, max-age=31536000, immutable",
    }),
  );
}

export async function deleteCouponImage(key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: env.S3_BUCKET, Key: key }));
}

export function closeImageStorage() {
  s3.destroy();
}
