import { AppError } from "@/server/http/app-error";

const LIMIT_BYTES = 64 * 1024;

/** A route handler's JSON body, refused above 64 KB or when it does not parse (400, never a 500). */
export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > LIMIT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE");
  const text = await request.text();
  if (Buffer.byteLength(text) > LIMIT_BYTES) throw new AppError("PAYLOAD_TOO_LARGE");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The request body is not valid JSON." });
  }
}
