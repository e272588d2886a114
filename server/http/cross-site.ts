import type { IncomingHttpHeaders } from "node:http";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

type RequestHeaders = Headers | IncomingHttpHeaders;

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins our own pages are served from; with TLS on they differ from the HTTP one (docs/security.md). */
const ownOrigins = new Set([new URL(env.PUBLIC_URL).origin, new URL(env.NEXTAUTH_URL).origin]);

/**
 * True for a state-changing request that rides on the session cookie but was started by another site (CSRF).
 * Browsers attach cookies to cross-site requests by themselves; they never attach an Authorization header,
 * and another site cannot add one without a CORS preflight we never grant, so bearer requests are safe as they
 * are (the web app sends its token that way). `Sec-Fetch-Site` is the browser's own verdict; it refuses sibling
 * ports and subdomains too, which `SameSite=Lax` would let through as "same site". Without it, `Origin` must be
 * ours; a cookie request with neither is not from a browser page of ours and is refused as well.
 */
export function isCrossSiteWrite(
  method: string,
  headers: RequestHeaders,
  origins: ReadonlySet<string> = ownOrigins,
): boolean {
  if (safeMethods.has(method.toUpperCase())) return false;
  if (headerValue(headers, "authorization") !== undefined || headerValue(headers, "cookie") === undefined) return false;
  const site = headerValue(headers, "sec-fetch-site");
  if (site !== undefined) return site !== "same-origin";
  const origin = headerValue(headers, "origin");
  return origin === undefined || !origins.has(origin);
}

/** Refuses a cross-site cookie write with 403 FORBIDDEN before anything else looks at the request. */
export function refuseCrossSiteWrite(method: string, headers: RequestHeaders): void {
  if (isCrossSiteWrite(method, headers)) {
    throw new AppError("FORBIDDEN", {
      message: "Cross-site requests may not change anything; use the shop's own pages.",
    });
  }
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as IncomingHttpHeaders)[name];
  return Array.isArray(value) ? value.join(", ") : value;
}
