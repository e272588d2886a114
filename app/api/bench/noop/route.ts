import { env } from "@/server/env";
import { jsonResponse, route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The framework ceiling of the benchmark: an App Router handler that does nothing, behind the same NGINX and
 * custom server as the real routes. It is the one bench route left in app/: what it measures is the App Router's
 * own cost, so it has to be a route of the Next build, and Next only serves routes from app/. Everything else of
 * the bench lives in bench/ (served by bench/server.ts). It answers 404 unless BENCH_STRATEGIES_ENABLED, which
 * server/env.ts refuses in production.
 */
export const GET = route(() =>
  Promise.resolve(
    env.BENCH_STRATEGIES_ENABLED ? { ok: true } : jsonResponse({ error: "NOT_FOUND", message: "Not found." }, 404),
  ),
);
