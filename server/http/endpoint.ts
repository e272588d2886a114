import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { JsonBodyRule } from "@/server/http/json-body";
import { refuseCrossSiteWrite } from "@/server/http/cross-site";
import { headerText, readJsonBody, sendJson } from "@/server/http/native";
import type { NativeRoute } from "@/server/http/native-router";
import { jsonResponse, route } from "@/server/http/next-route";
import { readJson } from "@/server/http/read-json";

/** A request as an endpoint sees it, whichever door it came through. */
export interface EndpointRequest<P extends string> {
  params: Record<P, string>;
  /** Node's or the Web's headers: what authentication and the feature's parsers read. */
  headers: IncomingHttpHeaders | Headers;
  /** One header as text (repeated ones joined with ", "); absent is undefined. */
  header(name: string): string | undefined;
  /** The query string, parsed on first use (the purchase never asks). */
  query(): URLSearchParams;
  /**
   * Reads the JSON body under the endpoint's rule (undefined when it takes none). A call, not a field, so the
   * endpoint decides the order: who is asking is checked before a stranger's body is read.
   */
  body(): Promise<unknown>;
}

/**
 * One HTTP endpoint, defined once: method, path, body rule and the feature call. It is mounted on both doors —
 * the custom server's native router (the fast path) and an App Router route handler — so the two cannot drift.
 */
export interface Endpoint<P extends string = never> {
  method: NativeRoute["method"];
  /** Path with `:name` segments, as the native router matches it; the App Router folder names the same. */
  path: string;
  /** Label for metrics; defaults to `path`. */
  name?: string;
  /** Present when the endpoint reads a JSON body. */
  body?: JsonBodyRule;
  /** The success status. */
  status: number;
  handle(request: EndpointRequest<P>): Promise<unknown>;
}

export function defineEndpoint<P extends string = never>(endpoint: Endpoint<P>): Endpoint<P> {
  return endpoint;
}

/** The endpoint on the native door. Cross-site writes are refused first, as `route()` does on the other door. */
export function nativeEndpoint<P extends string>(endpoint: Endpoint<P>): NativeRoute {
  return {
    method: endpoint.method,
    path: endpoint.path,
    name: endpoint.name,
    handle: async (req: IncomingMessage, res: ServerResponse, params) => {
      refuseCrossSiteWrite(req.method ?? endpoint.method, req.headers);
      const result = await endpoint.handle({
        params,
        headers: req.headers,
        header: (name) => headerText(req, name),
        query: () => new URL(req.url ?? "/", "http://localhost").searchParams,
        body: async () => (endpoint.body ? readJsonBody(req, endpoint.body) : undefined),
      });
      sendJson(res, endpoint.status, result);
    },
  };
}

/** The endpoint as an App Router handler (`export const POST = routeEndpoint(purchaseEndpoint)`). */
export function routeEndpoint<P extends string>(endpoint: Endpoint<P>) {
  return route<Record<P, string>>(async (request, params) => {
    const result = await endpoint.handle({
      params,
      headers: request.headers,
      header: (name) => request.headers.get(name) ?? undefined,
      query: () => new URL(request.url).searchParams,
      body: async () => (endpoint.body ? readJson(request, endpoint.body) : undefined),
    });
    return jsonResponse(result, endpoint.status);
  });
}
