import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generatedFiles } from "@/infra/generated-files";
import { topology } from "@/infra/topology";

/**
 * npm run topology:render — writes the files derived from infra/topology.json and infra/nginx/nginx.conf.template.
 * With --check it writes nothing and fails when a committed file differs from a fresh render (npm start runs
 * this, so an edit that was never rendered stops the start instead of running half the old topology).
 */

const root = path.resolve(import.meta.dirname, "..");
const isCheck = process.argv.includes("--check");

const stale: string[] = [];
for (const file of generatedFiles(topology)) {
  const absolute = path.join(root, file.path);
  let current: string | undefined;
  try {
    current = readFileSync(absolute, "utf8");
  } catch {
    current = undefined;
  }
  if (current === file.content) continue;
  stale.push(file.path);
  if (!isCheck) writeFileSync(absolute, file.content);
}

if (isCheck && stale.length > 0) {
  console.error(`out of date with infra/topology.json or the NGINX template: ${stale.join(", ")}`);
  console.error("render them with: npm run topology:render");
  process.exit(1);
}
console.log(stale.length === 0 ? "rendered files are up to date" : `rendered ${stale.join(", ")}`);
