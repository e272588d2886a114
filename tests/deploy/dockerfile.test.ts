import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { assertFinds, assertLacks, readRepoFile, repoRoot } from "./deploy-files";

/** The Dockerfile cannot be built here (no Docker engine): its promises are checked as text instead. */

const dockerfile = readRepoFile("Dockerfile");
const pkg = JSON.parse(readRepoFile("package.json")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The instructions of one stage, from its FROM line to the next. */
function stage(name: string): string {
  const match = new RegExp(`^FROM \\S+ AS ${name}\\n([\\s\\S]*?)(?=^FROM |(?![\\s\\S]))`, "m").exec(dockerfile);
  assert.ok(match, `stage ${name} exists`);
  return match[1] ?? "";
}

describe("Dockerfile", () => {
  it("when built, then it starts from a Node LTS that is still supported (24)", () => {
    assertFinds(dockerfile, /^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    assertLacks(dockerfile, /node:20/);
  });

  it("when the runtime image is assembled, then it holds production dependencies and compiled output only", () => {
    assertFinds(stage("prod-deps"), /npm ci --omit=dev/);
    const runtime = stage("runtime");
    assertFinds(runtime, /COPY --from=prod-deps \/app\/node_modules/);
    assertLacks(runtime, /COPY --from=(deps|build) \/app\/node_modules/, "no dev dependencies");
    assertLacks(runtime, /COPY (\.|--from=build \/app) \.\//, "not the whole build tree");
    assertLacks(runtime, /tsx/, "plain node at run time");
    assertFinds(stage("build"), /npm run build:server/);
    assert.ok(pkg.scripts["build:server"], "package.json has build:server");
    for (const devOnly of ["tsx", "s3rver", "typescript", "esbuild"]) {
      assert.equal(pkg.dependencies[devOnly], undefined, `${devOnly} is not a production dependency`);
    }
  });

  it("when it runs, then as a non-root user, under an init process, with a health check", () => {
    const runtime = stage("runtime");
    assertFinds(runtime, /^USER node$/m);
    assertFinds(runtime, /^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    assertFinds(runtime, /apt-get install -y --no-install-recommends tini/);
    assertFinds(runtime, /^HEALTHCHECK /m);
    assertFinds(runtime, /WORKER_HOST=0\.0\.0\.0/);
  });

  it("when a command or copied path is named, then it exists in the repo", () => {
    for (const [, entry] of dockerfile.matchAll(/dist\/([\w/-]+)\.js/g)) {
      assert.ok(existsSync(path.join(repoRoot, `${entry}.ts`)), `${entry}.ts exists`);
    }
    let copied = 0;
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(?:--chown=\S+ )?((?:\S+ )+)\.\/\S*$/gm)) {
      for (const file of (sources ?? "").trim().split(" ")) {
        assert.ok(existsSync(path.join(repoRoot, file)), `${file} exists`);
        copied++;
      }
    }
    assert.ok(copied >= 5, "the COPY lines were read");
    // Files the code reads at run time, relative to the working directory.
    assertFinds(stage("runtime"), /^COPY lua \.\/lua$/m);
    assertFinds(stage("runtime"), /^COPY drizzle\/migrations \.\/drizzle\/migrations$/m);
  });
});
