import { buildOpenApiDocument } from "@/contract/openapi";

// Dynamic so Next keeps the Cache-Control below instead of its own for a prerendered route.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

// The document only changes with a deploy: built once per process, cacheable by browsers and NGINX for a while.
const body = JSON.stringify(buildOpenApiDocument());

/** GET /api/openapi.json — the API contract as OpenAPI 3.1, generated from the shared zod schemas. */
export function GET(): Response {
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
