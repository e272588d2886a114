import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/server/errors";

export type NativeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
) => Promise<void>;

export interface NativeRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path with `:name` segments, e.g. `/api/coupons/:id/purchase`. */
  path: string;
  /** Label for metrics; defaults to `path`. */
  name?: string;
  handle: NativeHandler;
}

interface CompiledRoute extends NativeRoute {
  regex: RegExp;
  keys: string[];
}

export interface NativeMatch {
  route: NativeRoute;
  params: Record<string, string>;
}

/** A tiny exact-match router for the handful of routes served before Next.js; everything else falls through. */
export function createNativeRouter(routes: NativeRoute[]) {
  const compiled: CompiledRoute[] = routes.map((route) => {
    const keys: string[] = [];
    const source = route.path
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        keys.push(segment.slice(1));
        return "([^/]+)";
      })
      .join("/");
    return { ...route, regex: new RegExp(`^${source}/?$`), keys };
  });

  return {
    match(method: string | undefined, pathname: string): NativeMatch | undefined {
      for (const route of compiled) {
        if (route.method !== method) continue;
        const found = route.regex.exec(pathname);
        if (!found) continue;
        const params: Record<string, string> = {};
        route.keys.forEach((key, i) => {
          params[key] = decodeParam(found[i + 1] ?? "");
        });
        return { route, params };
      }
      return undefined;
    },
  };
}

const servedMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Refuses methods nothing here serves (TRACE, PROPFIND…). Next builds a WHATWG Request for its route handlers,
 * whose constructor throws on TRACE, and that surfaced as a bare 500.
 */
export function refuseUnservedMethod(method: string | undefined): void {
  if (method === undefined || !servedMethods.has(method)) {
    throw new AppError("BAD_REQUEST", { message: "This HTTP method is not supported." });
  }
}

/**
 * Refuses a path Next.js could not decode. Next answers those with a bare text 500 (its dynamic segments decode
 * the same way), so they are stopped at the door as the client's 400 instead.
 */
export function refuseMalformedPath(pathname: string): void {
  if (pathname.includes("%")) decodeParam(pathname);
}

/** A client's malformed escape ("%E0", "%zz") is its mistake: a 400, never a URIError thrown in the listener. */
function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError("BAD_REQUEST", { message: "The path has a malformed percent-escape." });
  }
}
