import { toErrorResponse } from "@/server/http/error-response";
import { refuseCrossSiteWrite } from "@/server/http/cross-site";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("http");

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps an App Router handler: whatever it returns is sent as JSON (a Response passes through), whatever it
 * throws goes through the one error mapping. Handlers stay three lines: auth → parse → one feature call.
 * Every handler's writes are refused first when they ride on the session cookie from another site (CSRF).
 */
export function route<P = Record<string, string>>(handler: (request: Request, params: P) => Promise<unknown>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      refuseCrossSiteWrite(request.method, request.headers);
      const params = context?.params !== undefined ? await context.params : ({} as P);
      const result = await handler(request, params);
      if (result instanceof Response) return result;
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      const mapped = toErrorResponse(error, (unexpected) =>
        log.error({ err: unexpected, method: request.method, url: request.url }, "unhandled error in route"),
      );
      return Response.json(mapped.body, { status: mapped.status, headers: mapped.headers });
    }
  };
}

/** A JSON response with a status other than 200. */
export function jsonResponse(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}
