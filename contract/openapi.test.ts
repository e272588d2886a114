import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, it } from "node:test";
import { errorStatus } from "@/contract/errors";
import { buildOpenApiDocument } from "@/contract/openapi";

const root = join(import.meta.dirname, "..");
const document = buildOpenApiDocument();
const httpMethods = ["get", "post", "put", "patch", "delete"] as const;

/** Resolves a local JSON pointer ("#/components/schemas/Coupon") in the document, or undefined. */
function resolvePointer(pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.replace(/^#\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function collectRefs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, found);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") found.push(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

// Parameter names are not part of a route's identity (the README's prose says :id where the table says :orderId).
const shapeOf = (path: string) => path.replace(/\{[^}]+\}/g, "{}");

function documented(method: string, path: string): boolean {
  return Object.entries(document.paths).some(
    ([documentedPath, item]) => shapeOf(documentedPath) === shapeOf(path) && item[method.toLowerCase()] !== undefined,
  );
}

/** Every App Router API route: its path in OpenAPI form ({param}) and the methods its route.ts exports. */
function appRoutes(): { path: string; methods: string[] }[] {
  const apiDir = join(root, "app", "api");
  const files = readdirSync(apiDir, { recursive: true, encoding: "utf8" }).filter(
    (file) => file === "route.ts" || file.endsWith(`${sep}route.ts`),
  );
  return files.map((file) => {
    const source = readFileSync(join(apiDir, file), "utf8");
    const segments = relative(".", join("api", file)).split(sep).slice(0, -1);
    const path = `/${segments.map((segment) => segment.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
    const methods = [
      ...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g),
      ...source.matchAll(/\bas (GET|POST|PUT|PATCH|DELETE)\b/g),
    ].map((match) => match[1]!);
    return { path, methods };
  });
}

/** Every route the custom server answers before Next (server/http/*-routes.ts). */
function nativeRoutes(): { method: string; path: string }[] {
  const httpDir = join(root, "server", "http");
  return readdirSync(httpDir)
    .filter((file) => file.endsWith("-routes.ts"))
    .flatMap((file) =>
      [...readFileSync(join(httpDir, file), "utf8").matchAll(/method: "([A-Z]+)",\s*path: "([^"]+)"/g)].map(
        (match) => ({ method: match[1]!, path: match[2]!.replace(/:([A-Za-z]+)/g, "{$1}") }),
      ),
    );
}

// Not part of the product's API: next-auth's own endpoints, and the bench's framework-ceiling route (404 unless
// the bench is enabled, which production refuses).
const undocumented = new Set(["/api/auth/{...nextauth}", "/api/bench/noop"]);

describe("OpenAPI document", () => {
  it("when built, then it is OpenAPI 3.1 with info, paths and components", () => {
    assert.match(document.openapi, /^3\.1\.\d+$/);
    assert.ok(document.info.title && document.info.version);
    assert.ok(Object.keys(document.paths).length >= 15);
    assert.ok(Object.keys(document.components.schemas).length > 0);
    assert.ok(document.components.securitySchemes.bearerAuth);
  });

  it("when every $ref is followed, then each resolves to an object in the document", () => {
    const refs = collectRefs(document);
    assert.ok(refs.length > 20);
    for (const ref of refs) {
      assert.match(ref, /^#\//, `${ref} is local`);
      const target = resolvePointer(ref);
      assert.ok(typeof target === "object" && target !== null, `${ref} resolves`);
    }
  });

  it("when a path has {params}, then each operation declares them as required path parameters", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      for (const method of httpMethods) {
        const operation = item[method] as
          { parameters?: { name: string; in: string; required: boolean }[] } | undefined;
        if (!operation) continue;
        for (const name of names) {
          const parameter = operation.parameters?.find((p) => p.in === "path" && p.name === name);
          assert.ok(parameter?.required, `${method} ${path} declares ${name}`);
        }
      }
    }
  });

  it("when an operation lists error responses, then each names codes answered with that status", () => {
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item) as { responses: Record<string, unknown> }[]) {
        const statuses = Object.keys(operation.responses);
        assert.ok(
          statuses.some((status) => /^2\d\d$/.test(status)),
          "has a success response",
        );
        assert.ok(statuses.includes("500") && statuses.includes("503"));
        for (const [status, response] of Object.entries(operation.responses)) {
          if (/^2/.test(status)) continue;
          const codes = (
            response as {
              content: Record<string, { schema: { allOf: [unknown, { properties: { error: { enum: string[] } } }] } }>;
            }
          ).content["application/json"]!.schema.allOf[1].properties.error.enum;
          assert.ok(codes.length > 0);
          for (const code of codes) assert.equal(errorStatus[code as keyof typeof errorStatus], Number(status));
        }
      }
    }
  });

  it("when the App Router's API routes are listed, then every method of every one is documented", () => {
    const routes = appRoutes();
    assert.ok(
      routes.some((route) => route.path === "/api/coupons/{id}/purchase"),
      "found the route files",
    );
    for (const route of routes) {
      if (undocumented.has(route.path)) continue;
      assert.ok(route.methods.length > 0, `${route.path} exports a method`);
      for (const method of route.methods) assert.ok(documented(method, route.path), `${method} ${route.path}`);
    }
  });

  it("when the custom server's native routes are listed, then every one is documented", () => {
    const routes = nativeRoutes();
    assert.ok(routes.length >= 5, "found the native routes");
    for (const route of routes) assert.ok(documented(route.method, route.path), `${route.method} ${route.path}`);
  });

  it("when the README's API table is read, then every route it names is documented", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const named = [
      ...readme.matchAll(/`((?:GET|POST|PATCH|DELETE)(?:\/(?:GET|POST|PATCH|DELETE))*) (\/api\/[^`?\s]*)/g),
    ];
    assert.ok(named.length >= 5, "found the README's routes");
    for (const [, methods, rawPath] of named) {
      const path = rawPath!.replace(/:([A-Za-z]+)/g, "{$1}");
      for (const method of methods!.split("/")) assert.ok(documented(method, path), `${method} ${path}`);
    }
  });

  it("when serialised, then the document is plain JSON (what the route serves)", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(document)), document);
  });
});
