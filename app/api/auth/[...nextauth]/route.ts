import NextAuth from "next-auth";
import { authOptions } from "@/server/features/identity/auth-options";
import { AppError } from "@/server/errors";
import { toErrorResponse } from "@/server/http/error-response";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;
const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * next-auth answers some malformed input with a 500 from inside the library: a JSON body that is empty, not
 * JSON or not an object (it parses without a guard), and a `callbackUrl` (query or cookie) that is neither an
 * http(s) URL nor a path (its "server configuration" error). Those are the client's mistakes: 400.
 */
async function guarded(request: Request, context: unknown): Promise<Response> {
  const refusal = (await badJsonBody(request)) ?? badCallbackUrl(request);
  if (!refusal) return handler(request, context);
  const refused = toErrorResponse(new AppError("BAD_REQUEST", { message: refusal }));
  return Response.json(refused.body, { status: refused.status, headers: refused.headers });
}

async function badJsonBody(request: Request): Promise<string | undefined> {
  if (request.method !== "POST" || !/^application\/json\b/i.test(request.headers.get("content-type") ?? ""))
    return undefined;
  try {
    const parsed: unknown = JSON.parse(await request.clone().text());
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return undefined;
  } catch {
    // not JSON: refused below
  }
  return "The body must be a JSON object.";
}

function badCallbackUrl(request: Request): string | undefined {
  const url = new URL(request.url);
  const values = [
    url.searchParams.get("callbackUrl"),
    ...CALLBACK_COOKIES.map((name) => cookieValue(request.headers.get("cookie"), name)),
  ];
  const invalid = values.some((value) => value !== null && value !== undefined && !isHttpUrlOrPath(value, url.origin));
  return invalid ? "callbackUrl must be an http(s) URL or a path." : undefined;
}

/** The same test next-auth applies to a callback URL. */
function isHttpUrlOrPath(value: string, origin: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const raw = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

export { guarded as GET, guarded as POST };
