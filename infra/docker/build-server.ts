import { readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { build, type Metafile } from "esbuild";

/**
 * Compiles the Node entry points (custom server, payment worker, setup scripts, the local S3 stand-in) to
 * JavaScript in dist/, for the production image, which runs them with plain `node`: no tsx, no TypeScript.
 *
 * Why esbuild bundling: the sources import each other through tsconfig's `@/` alias, which Node cannot
 * resolve. Bundling each entry resolves the alias at build time (esbuild reads tsconfig's `paths`) and keeps
 * every npm package external (`packages: "external"`), so node_modules is loaded by Node exactly as under tsx:
 * one copy of each client library, and no rewrite step after tsc. Files read at run time (lua/, drizzle/
 * migrations) stay files and are copied into the image next to dist/. Type checking stays `npm run typecheck`.
 *
 * After the build, every package a production entry imports must be a production dependency: the image has
 * only those (`npm ci --omit=dev`), and a devDependency imported at run time would fail only in the container.
 */

const root = path.resolve(import.meta.dirname, "../..");
const outdir = path.join(root, "dist");

/** Entries that run in the production image (`npm ci --omit=dev`). */
const productionEntries = [
  "server/index.ts",
  "workers/payment-worker.ts",
  "scripts/create-topics.ts",
  "scripts/migrate.ts",
  "scripts/reconcile.ts",
  "scripts/retire-test-coupons.ts",
  "scripts/seed.ts",
  "scripts/warm-stock.ts",
];
/** Local-only: the S3 stand-in of docker-compose.yml, whose image stage also has the devDependencies. */
const localEntries = ["infra/s3/s3-server.ts"];

async function main() {
  rmSync(outdir, { recursive: true, force: true });
  const production = await bundle(productionEntries);
  await bundle(localEntries);

  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const allowed = new Set(Object.keys(pkg.dependencies ?? {}));
  const missing = externalPackages(production).filter((name) => !allowed.has(name));
  if (missing.length > 0) {
    throw new Error(`production entries import packages that are not production dependencies: ${missing.join(", ")}`);
  }
  console.log(`dist/ ready: ${productionEntries.length + localEntries.length} entries`);
}

async function bundle(entryPoints: string[]) {
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    outbase: root,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    // The image runs Node 24; Node 20 still runs the output (the local proof, older hosts).
    target: "node20",
    outExtension: { ".js": ".js" },
    sourcemap: true,
    tsconfig: path.join(root, "tsconfig.json"),
    metafile: true,
    logLevel: "warning",
  });
  return result.metafile;
}

/** Package names (not node builtins) imported by the bundles of a metafile. */
function externalPackages(metafile: Metafile): string[] {
  const builtins = new Set(builtinModules);
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external) continue;
      const specifier = imported.path;
      if (specifier.startsWith("node:") || builtins.has(specifier.split("/")[0] ?? "")) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier));
    }
  }
  return [...names].sort();
}

main().catch((error: unknown) => {
  console.error(`build:server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
