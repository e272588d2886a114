import { IMAGE_MAX_BYTES } from "@/server/features/admin/image-type";
import { readBodyBytes } from "@/server/http/read-json";
import { AppError } from "@/server/errors";

/** Room for the multipart boundaries and part headers around a maximal image. */
const ENVELOPE_BYTES = 16 * 1024;

const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", { message: "Images are limited to 2 MB." });

/**
 * The `image` part of a multipart upload as bytes. An oversized body is refused before it is read when declared,
 * else as soon as the count passes the limit (a chunked upload is never buffered whole); the type is decided later
 * from the bytes, not from the part's Content-Type or filename.
 */
export async function readImageUpload(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > IMAGE_MAX_BYTES + ENVELOPE_BYTES) throw tooLarge();
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", { message: "Send the image as multipart/form-data field `image`." });
  }
  const body = await readBodyBytes(request, IMAGE_MAX_BYTES + ENVELOPE_BYTES, tooLarge);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The upload is not valid multipart/form-data." });
  }
  const file = form.get("image");
  if (!(file instanceof Blob)) throw new AppError("BAD_REQUEST", { message: "The form has no `image` file." });
  if (file.size > IMAGE_MAX_BYTES) throw tooLarge();
  return new Uint8Array(await file.arrayBuffer());
}
