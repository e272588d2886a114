import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { envVariableNames, parseEnv, productionSecretNames } from "@/server/env";
import {
  asObject,
  assertFinds,
  assertLacks,
  parseEnvFile,
  parseYaml,
  placeholderSecret,
  readRepoFile,
  repoRoot,
  type YamlObject,
} from "./deploy-files";

/**
 * docker-compose.yml cannot run here (no Docker engine), so this holds it to what does run: server/env.ts (every
 * variable the containers set is one it reads, and the values pass its production checks), the entry points
 * `npm run build:server` compiles, infra/docker/nginx.conf's upstreams, and the images' data paths.
 */

const compose = asObject(parseYaml(readRepoFile("docker-compose.yml")), "docker-compose.yml");
const services = asObject(compose.services, "services");
const serviceNames = Object.keys(services);
const topLevelVolumes = new Set(Object.keys(asObject(compose.volumes ?? {}, "volumes")));
const nginxConf = readRepoFile("infra/docker/nginx.conf");
const envExample = parseEnvFile(readRepoFile(".env.example"));

function service(name: string): YamlObject {
  return asObject(services[name], `service ${name}`);
}

function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  assert.ok(!Array.isArray(env), `${name}: environment is written as a mapping`);
  return Object.fromEntries(Object.entries(asObject(env, `${name}.environment`)).map(([k, v]) => [k, String(v)]));
}

/** Services that run this repo's image (built from the Dockerfile): their environment is server/env.ts's. */
const ourServices = serviceNames.filter((name) => service(name).build !== undefined);

/** `source:target[:mode]` volume entries of a service, with whether the source is a named volume. */
function mounts(name: string) {
  const volumes = (service(name).volumes ?? []) as unknown[];
  return volumes.map((entry) => {
    assert.equal(typeof entry, "string", `${name}: volumes use the short syntax`);
    const [source = "", target = ""] = (entry as string).split(":");
    return { source, target, isNamed: !source.startsWith(".") && !source.startsWith("/") };
  });
}

function namedVolumeAt(name: string, target: string) {
  return mounts(name).find((m) => m.isNamed && m.target === target);
}

/** Compose's `${VAR:?message}` / `${VAR}` references in a value. */
function referencedVariables(value: string): string[] {
  return [...value.matchAll(/\$\{([A-Z0-9_]+)(?::?[?-][^}]*)?\}/g)].map((m) => m[1] ?? "");
}

/** The value as the container would see it, with every `${VAR…}` replaced by a stand-in secret. */
function substituted(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?[?-][^}]*)?\}/g, (_all, name: string) => placeholderSecret(name));
}

function healthcheckCommand(name: string): string {
  const test = asObject(service(name).healthcheck, `${name}.healthcheck`).test;
  return Array.isArray(test) ? test.join(" ") : String(test);
}

describe("docker-compose.yml", () => {
  it("when any service is listed, then it has a health check, a restart policy and CPU and memory limits", () => {
    assert.ok(serviceNames.length >= 10, "the whole stack is in the file");
    for (const name of serviceNames) {
      const svc = service(name);
      assert.ok(typeof svc.restart === "string" && svc.restart !== "", `${name}: restart policy`);
      const healthcheck = asObject(svc.healthcheck, `${name}.healthcheck`);
      if (healthcheck.disable === true) {
        // Only a one-shot job may go without: its exit code is what the others wait for.
        assert.equal(svc.restart, "no", `${name}: only a one-shot job has no health check`);
        const waitedFor = serviceNames.some((other) => {
          const deps = service(other).depends_on as Record<string, { condition?: string }> | undefined;
          return deps?.[name]?.condition === "service_completed_successfully";
        });
        assert.ok(waitedFor, `${name}: some service waits for it to complete`);
      } else {
        assert.ok(Array.isArray(healthcheck.test) && healthcheck.test.length > 1, `${name}: health check command`);
      }
      const limits = asObject(
        asObject(asObject(svc.deploy, `${name}.deploy`).resources, `${name}.resources`).limits,
        `${name}.limits`,
      );
      assertFinds(String(limits.cpus), /^\d+(\.\d+)?$/, `${name}: cpus limit`);
      assertFinds(String(limits.memory), /^\d+[MG]$/, `${name}: memory limit`);
    }
  });

  it("when a service depends on another being healthy, then that one has a health check", () => {
    for (const name of serviceNames) {
      const deps = (service(name).depends_on ?? {}) as Record<string, { condition?: string }>;
      for (const [dep, { condition }] of Object.entries(deps)) {
        assert.ok(serviceNames.includes(dep), `${name} depends on unknown service ${dep}`);
        if (condition === "service_healthy") {
          assert.notEqual(
            asObject(service(dep).healthcheck, dep).disable,
            true,
            `${dep} must report health for ${name}`,
          );
        }
      }
    }
  });

  it("when data is written, then it lands on a named volume: MariaDB, Redis, Kafka's log directory, the bucket", () => {
    assert.ok(namedVolumeAt("mariadb", "/var/lib/mysql"), "MariaDB's data directory");
    assert.ok(namedVolumeAt("redis", "/data"), "Redis's append-only file directory");
    assertFinds(JSON.stringify(service("redis").command), /"--appendonly","yes"/);
    const logDirs = environment("kafka").KAFKA_LOG_DIRS;
    assert.ok(logDirs, "Kafka's log directory is set (the image's default is under /tmp)");
    for (const dir of logDirs.split(",")) assert.ok(namedVolumeAt("kafka", dir), `Kafka log dir ${dir} is on a volume`);
    // The S3 stand-in writes under .run/s3 relative to the image's WORKDIR.
    const workdir = /^WORKDIR\s+(\S+)/m.exec(readRepoFile("Dockerfile"))?.[1];
    assert.ok(workdir, "Dockerfile sets WORKDIR");
    assertFinds(readRepoFile("infra/s3/s3-server.ts"), /path\.resolve\("\.run\/s3"\)/);
    assert.ok(namedVolumeAt("s3", path.posix.join(workdir, ".run/s3")), "the bucket's directory");
  });

  it("when volumes are mounted, then named ones are declared, declared ones are used and bind sources exist", () => {
    const used = new Set<string>();
    for (const name of serviceNames) {
      for (const mount of mounts(name)) {
        assert.ok(mount.target.startsWith("/"), `${name}: absolute mount target`);
        if (mount.isNamed) {
          assert.ok(topLevelVolumes.has(mount.source), `${name}: volume ${mount.source} is declared`);
          used.add(mount.source);
        } else {
          assert.ok(existsSync(path.join(repoRoot, mount.source)), `${name}: ${mount.source} exists in the repo`);
        }
      }
    }
    assert.deepEqual([...topLevelVolumes].sort(), [...used].sort(), "no declared volume is left unused");
  });

  it("when our image's services set a variable, then server/env.ts reads it and its value passes production checks", () => {
    assert.ok(ourServices.length >= 6, "app instances, worker, setup and s3 run the repo's image");
    const known = new Set<string>(envVariableNames);
    for (const name of ourServices) {
      const env = environment(name);
      for (const key of Object.keys(env))
        assert.ok(known.has(key), `${name}: ${key} is not a variable of server/env.ts`);
      for (const secret of productionSecretNames) assert.ok(env[secret], `${name}: sets ${secret}`);
      assert.equal(env.NODE_ENV, "production", `${name}: production mode`);
      for (const localOnly of ["ALLOW_TEST_CLIENT", "BENCH_STRATEGIES_ENABLED", "FLASHSALE_LOCAL_STACK"]) {
        assert.equal(env[localOnly], undefined, `${name}: ${localOnly} is for the local stack only`);
      }
      const values = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substituted(v)]));
      assert.doesNotThrow(() => parseEnv(values), `${name}: its environment passes server/env.ts in production`);
    }
  });

  it("when a secret is set, then it comes from .env, and .env.example names every variable compose reads", () => {
    const text = readRepoFile("docker-compose.yml");
    const referenced = new Set(referencedVariables(text));
    assert.ok(referenced.size > 0);
    for (const name of referenced) assert.ok(envExample.has(name), `.env.example names ${name}`);
    for (const name of ourServices) {
      const env = environment(name);
      for (const secret of productionSecretNames) {
        assert.ok(
          referencedVariables(env[secret] ?? "").length > 0,
          `${name}: ${secret} comes from .env, not a literal`,
        );
      }
    }
  });

  it("when the app and the worker listen, then health checks, NGINX's upstreams and the ports agree", () => {
    const appServices = serviceNames.filter((name) => /^app-\d+$/.test(name));
    assert.ok(appServices.length >= 2, "several app instances");
    const upstreams = new Map<string, string[]>();
    for (const [, upstream, body = ""] of nginxConf.matchAll(/upstream\s+(\S+)\s*\{([^}]*)\}/g)) {
      upstreams.set(
        upstream ?? "",
        [...body.matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1] ?? ""),
      );
    }
    assert.ok(upstreams.size >= 2, "nginx.conf's upstreams were found");
    for (const [upstream, servers] of upstreams) {
      const expected = appServices.map((name) => `${name}:${environment(name).PORT}`).sort();
      assert.deepEqual([...servers].sort(), expected, `upstream ${upstream} lists every app instance at its PORT`);
    }
    for (const name of appServices) {
      const env = environment(name);
      assert.equal(env.HOST, "0.0.0.0", `${name}: listens beyond loopback`);
      assertFinds(
        healthcheckCommand(name),
        new RegExp(`127\\.0\\.0\\.1:${env.PORT}/readyz`),
        `${name}: health check on PORT`,
      );
    }
    const worker = environment("payment-worker");
    assert.equal(worker.WORKER_HOST, "0.0.0.0", "the worker's health server listens beyond loopback");
    assertFinds(healthcheckCommand("payment-worker"), new RegExp(`127\\.0\\.0\\.1:${worker.WORKER_PORT}/healthz`));
    // Images: NGINX proxies the bucket where the S3 stand-in listens.
    const s3Port = new URL(environment("s3").S3_ENDPOINT ?? "").port;
    assertFinds(nginxConf, new RegExp(`proxy_pass http://s3:${s3Port};`));
    assert.equal(new URL(environment("app-1").S3_ENDPOINT ?? "").port, s3Port, "the app uploads where s3 listens");
  });

  it("when NGINX is published and health-checked, then the ports and paths exist in its configuration", () => {
    const nginx = service("nginx");
    const published = (nginx.ports as string[]).map((p) => p.split(":").at(-1));
    for (const port of published) assertFinds(nginxConf, new RegExp(`listen ${port};`), `NGINX listens on ${port}`);
    const url = /http:\/\/127\.0\.0\.1:(\d+)(\/\S*)/.exec(healthcheckCommand("nginx"));
    assert.ok(url, "NGINX's health check calls itself");
    assertFinds(nginxConf, new RegExp(`listen ${url[1]};`));
    assertFinds(nginxConf, new RegExp(`location = ${url[2]} \\{`), "the health check's path is a location");
    assert.ok(
      mounts("nginx").some((m) => m.source === "./infra/docker/nginx.conf" && m.target === "/etc/nginx/nginx.conf"),
      "compose uses infra/docker/nginx.conf",
    );
  });

  it("when a service runs a compiled entry point, then its source exists and build:server compiles it", () => {
    const buildScript = readRepoFile("infra/docker/build-server.ts");
    let checked = 0;
    for (const name of ourServices) {
      const command = JSON.stringify(service(name).command ?? "");
      assertLacks(command, /tsx/, `${name}: runs plain node, not tsx`);
      for (const [, entry] of command.matchAll(/dist\/([\w/-]+)\.js/g)) {
        assert.ok(existsSync(path.join(repoRoot, `${entry}.ts`)), `${name}: ${entry}.ts exists`);
        assert.ok(buildScript.includes(`"${entry}.ts"`), `${name}: build:server compiles ${entry}.ts`);
        checked++;
      }
    }
    assert.ok(checked >= 5, "the worker, setup steps and S3 stand-in commands were checked");
  });
});
