import { env } from "@/server/env";
import { jsonResponse, route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * The framework ceiling of the benchmark (issue #8): an App Router handler that does nothing, behind the same
 * NGINX and custom server as the real routes. Refused unless the bench strategies are switched on.
 */
export const GET = route(async () => (env.BENCH_STRATEGIES_ENABLED ? { ok: true } : jsonResponse({ error: "NOT_FOUND", message: "Not found." }, 404)));
