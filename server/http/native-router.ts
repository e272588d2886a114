import type { IncomingMessage, ServerResponse } from "node:http";

export type NativeHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

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
          params[key] = decodeURIComponent(found[i + 1] ?? "");
        });
        return { route, params };
      }
      return undefined;
    },
  };
}
