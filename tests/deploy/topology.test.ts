import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { generatedFiles } from "@/infra/generated-files";
import { parseTopology, topology } from "@/infra/topology";
import { parseEnv } from "@/server/env";
import {
  asObject,
  assertFinds,
  parseYaml,
  parseYamlDocuments,
  readRepoFile,
  repoRoot,
  type YamlObject,
} from "./deploy-files";

/**
 * infra/topology.json is the one place for the stack's names, ports and node flags. Generated files must match a
 * fresh render, and the hand-written ones (docker-compose.yml, the Dockerfile, deploy/k8s, supervisord.conf, the
 * launch scripts) must agree with it or not repeat it.
 */

const { app, worker, s3, nginx } = topology;
const compose = asObject(parseYaml(readRepoFile("docker-compose.yml")), "docker-compose.yml");
const services = asObject(compose.services, "services");
const dockerfile = readRepoFile("Dockerfile");

function service(name: string): YamlObject {
  return asObject(services[name], `service ${name}`);
}

function environment(name: string): Record<string, string> {
  const env = asObject(service(name).environment ?? {}, `${name}.environment`);
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

function healthcheck(name: string): string {
  const test = asObject(service(name).healthcheck, `${name}.healthcheck`).test;
  return Array.isArray(test) ? test.join(" ") : String(test);
}

/** A valid topology to vary in the validation tests. */
function sample(): Record<string, unknown> {
  return structuredClone(topology);
}

describe("infra/topology.json", () => {
  it("when a generated file is committed, then it is exactly what a fresh render writes", () => {
    for (const file of generatedFiles(topology)) {
      assert.ok(
        readRepoFile(file.path) === file.content,
        `${file.path} is out of date with infra/topology.json or its template: run npm run topology:render`,
      );
    }
  });

  it("when two processes share a port or a name, then the topology is refused", () => {
    assert.doesNotThrow(() => parseTopology(sample()));
    const samePort = sample() as { worker: { healthPort: number } };
    samePort.worker.healthPort = app.instances[0]!.port;
    assert.throws(() => parseTopology(samePort), /used twice/);
    const sameName = sample() as { worker: { name: string } };
    sameName.worker.name = app.instances[0]!.name;
    assert.throws(() => parseTopology(sameName), /used twice/);
  });

  it("when a name or a flag could break the shell or NGINX, then the topology is refused", () => {
    const spacedFlag = sample() as { app: { nodeFlags: string[] } };
    spacedFlag.app.nodeFlags = ["--max-old-space-size=512; rm -rf /"];
    assert.throws(() => parseTopology(spacedFlag));
    const oddName = sample() as { worker: { name: string } };
    oddName.worker.name = "payment worker";
    assert.throws(() => parseTopology(oddName));
  });

  it("when docker-compose.yml names the instances and the worker, then they are the topology's, on its ports", () => {
    const appServices = Object.keys(services).filter((name) => /^app-\d+$/.test(name));
    assert.deepEqual(appServices.sort(), app.instances.map((instance) => instance.name).sort());
    for (const name of appServices) {
      assert.equal(environment(name).PORT, String(app.containerPort), `${name}: PORT`);
      assertFinds(
        healthcheck(name),
        new RegExp(`127\\.0\\.0\\.1:${app.containerPort}/readyz`),
        `${name}: health check`,
      );
    }
    assert.equal(environment(worker.name).WORKER_PORT, String(worker.healthPort), "the worker's WORKER_PORT");
    assertFinds(healthcheck(worker.name), new RegExp(`127\\.0\\.0\\.1:${worker.healthPort}/healthz`));
  });

  it("when docker-compose.yml publishes NGINX and points at the bucket, then it uses the topology's ports", () => {
    assert.deepEqual(service("nginx").ports, [`127.0.0.1:${nginx.publicPort}:${nginx.publicPort}`]);
    assertFinds(healthcheck("nginx"), new RegExp(`127\\.0\\.0\\.1:${nginx.operationsPort}/nginx-healthz`));
    const appEnv = environment(app.instances[0]!.name);
    assert.equal(new URL(appEnv.PUBLIC_URL ?? "").port, String(nginx.publicPort), "PUBLIC_URL is NGINX's port");
    assert.equal(new URL(appEnv.S3_ENDPOINT ?? "").port, String(s3.port), "the app's S3_ENDPOINT");
    assert.equal(new URL(environment("s3").S3_ENDPOINT ?? "").port, String(s3.port), "where the stand-in listens");
    assertFinds(healthcheck("s3"), new RegExp(`connect\\(${s3.port},`));
  });

  it("when the Dockerfile sets ports and the app's command, then they are the topology's", () => {
    assertFinds(dockerfile, new RegExp(`^\\s+PORT=${app.containerPort} \\\\$`, "m"), "ENV PORT");
    assertFinds(dockerfile, new RegExp(`^\\s+WORKER_PORT=${worker.healthPort}$`, "m"), "ENV WORKER_PORT");
    assertFinds(dockerfile, new RegExp(`^EXPOSE ${app.containerPort} ${worker.healthPort}$`, "m"), "EXPOSE");
    assertFinds(dockerfile, new RegExp(`^EXPOSE ${s3.port}$`, "m"), "EXPOSE of the S3 stand-in");
    const appCommand = JSON.stringify(["node", ...app.nodeFlags, "dist/server/index.js"]).replaceAll(",", ", ");
    assert.ok(dockerfile.includes(`\nCMD ${appCommand}\n`), `the default command is ${appCommand}`);
  });

  it("when the Kubernetes base runs the image, then its ports are the topology's and the app keeps the image's command", () => {
    const container = (file: string) => {
      const deployment = parseYamlDocuments(readRepoFile(file), file).find((doc) => doc.kind === "Deployment");
      const pod = asObject(asObject(asObject(deployment?.spec, `${file} spec`).template, "template").spec, "pod");
      const [only] = pod.containers as YamlObject[];
      assert.ok(only, `${file} has a container`);
      const env = Object.fromEntries((only.env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
      const ports = (only.ports as { containerPort: number }[]).map((p) => p.containerPort);
      return { only, env, ports };
    };
    const appPod = container("deploy/k8s/base/app.yaml");
    assert.deepEqual(appPod.ports, [app.containerPort]);
    assert.equal(appPod.env.PORT, String(app.containerPort));
    // No command or args: the image's CMD, whose node flags the Dockerfile test above holds to the topology.
    assert.equal(appPod.only.command ?? appPod.only.args, undefined);
    const workerPod = container("deploy/k8s/base/worker.yaml");
    assert.deepEqual(workerPod.ports, [worker.healthPort]);
    assert.equal(workerPod.env.WORKER_PORT, String(worker.healthPort));
  });

  it("when server/env.ts falls back to default ports, then they are the first instance's and the worker's", () => {
    const env = parseEnv({});
    assert.equal(env.PORT, app.instances[0]!.port);
    assert.equal(env.WORKER_PORT, worker.healthPort);
  });

  it("when supervisord runs the stack, then it has a program for every instance and the worker", () => {
    const programs = [...readRepoFile("infra/supervisor/supervisord.conf").matchAll(/^\[program:([\w-]+)\]$/gm)].map(
      (match) => match[1],
    );
    for (const name of [...app.instances.map((instance) => instance.name), worker.name]) {
      assert.ok(programs.includes(name), `[program:${name}]`);
    }
  });

  it("when a launch script needs a port, then it takes it from topology.sh instead of repeating it", () => {
    const ports = [
      ...app.instances.map((instance) => instance.port),
      worker.healthPort,
      s3.port,
      nginx.publicPort,
      nginx.operationsPort,
      nginx.benchPort,
      nginx.tlsPort,
    ];
    const literal = new RegExp(`(?<![\\d.])(${ports.join("|")})(?!\\d)`);
    const scripts = ["infra", "infra/lib", "infra/supervisor"].flatMap((dir) =>
      readdirSync(path.join(repoRoot, dir))
        .filter((file) => file.endsWith(".sh") && file !== "topology.sh")
        .map((file) => path.posix.join(dir, file)),
    );
    assert.ok(scripts.includes("infra/lib/stack.sh") && scripts.includes("infra/nginx.sh"), "the scripts were found");
    for (const script of scripts) {
      const code = readRepoFile(script)
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("#"));
      const offending = code.find((line) => literal.test(line));
      assert.equal(offending, undefined, `${script} repeats a topology port`);
    }
  });
});
