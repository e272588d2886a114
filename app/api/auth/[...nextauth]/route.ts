import NextAuth from "next-auth";
import { authOptions } from "@/server/features/identity/auth-options";
import { AppError, toErrorResponse } from "@/server/http/app-error";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handler = NextAuth(authOptions);

/**
 * next-auth parses a JSON body without a guard and reads fields of whatever it got: an empty, malformed or
 * non-object body would surface as a 500 from inside the library. Its own client posts forms, or a JSON object.
 */
async function post(request: Request, context: unknown): Promise<Response> {
  if (/^application\/json\b/i.test(request.headers.get("content-type") ?? "") && !isJsonObject(await request.clone().text())) {
    const refused = toErrorResponse(new AppError("BAD_REQUEST", { message: "The body must be a JSON object." }));
    return Response.json(refused.body, { status: refused.status, headers: refused.headers });
  }
  return (handler as (request: Request, context: unknown) => Promise<Response>)(request, context);
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

export { handler as GET, post as POST };
