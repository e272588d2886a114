import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderNginxConf } from "@/infra/nginx/render-nginx";
import { renderTemplate } from "@/infra/nginx/template";
import { topology } from "@/infra/topology";

/** The NGINX template's directives, and what the local and the Docker renders keep or leave out. */

const local = renderNginxConf("local", topology);
const docker = renderNginxConf("docker", topology);

/** `location …` lines of a configuration, in order. */
function locations(conf: string): string[] {
  return [...conf.matchAll(/^\s*location\s+(.+?)\s*\{/gm)].map((match) => match[1] ?? "");
}

function upstreamServers(conf: string, upstream: string): string[] {
  const body = new RegExp(`upstream ${upstream} \\{([^}]*)\\}`).exec(conf)?.[1] ?? "";
  return [...body.matchAll(/^\s*server\s+([^;]+);/gm)].map((match) => match[1] ?? "");
}

describe("renderTemplate", () => {
  it("when a line names values, then they are substituted, and #if keeps the branch of the flag", () => {
    const template = [
      "listen {{host}}:{{port}};",
      "{{#if local}}",
      "pid x.pid;",
      "{{#else}}",
      "user nginx;",
      "{{/if}}",
    ];
    assert.equal(
      renderTemplate(template.join("\n"), { host: "127.0.0.1", port: 8080, local: true }),
      "listen 127.0.0.1:8080;\npid x.pid;",
    );
    assert.equal(
      renderTemplate(template.join("\n"), { host: "0.0.0.0", port: 80, local: false }),
      "listen 0.0.0.0:80;\nuser nginx;",
    );
  });

  it("when a line is a note for the template's readers, then the output leaves it out", () => {
    assert.equal(renderTemplate("{{! why the next line }}\nworker_processes auto;", {}), "worker_processes auto;");
  });

  it("when #each repeats lines, then each item's fields come first and outer values still resolve", () => {
    const template = "{{#each servers}}\n  server {{address}} max_conns={{limit}};\n{{/each}}";
    const rendered = renderTemplate(template, {
      limit: 64,
      servers: [{ address: "a:1" }, { address: "b:2", limit: 8 }],
    });
    assert.equal(rendered, "  server a:1 max_conns=64;\n  server b:2 max_conns=8;");
  });

  it("when a value is missing or a block is left open, then rendering fails instead of writing a broken file", () => {
    assert.throws(() => renderTemplate("listen {{port}};", {}), /line 1: no value for \{\{port\}\}/);
    assert.throws(() => renderTemplate("{{#if local}}\npid x;", { local: true }), /never closed/);
    assert.throws(() => renderTemplate("{{/each}}", {}), /closes nothing/);
    assert.throws(() => renderTemplate("{{#if port}}\n{{/if}}", { port: 1 }), /not a boolean/);
  });
});

describe("renderNginxConf", () => {
  it("when rendered for the local stack, then it listens on loopback and proxies to the instances' own ports", () => {
    const expected = topology.app.instances.map((instance) => `127.0.0.1:${instance.port}`);
    assert.deepEqual(upstreamServers(local, "app"), expected);
    assert.deepEqual(
      upstreamServers(local, "app_purchase"),
      expected.map((address) => `${address} max_conns=${topology.app.purchaseMaxConnsPerInstance}`),
    );
    assert.match(local, new RegExp(`^\\s+listen 127\\.0\\.0\\.1:${topology.nginx.publicPort};$`, "m"));
    assert.match(local, new RegExp(`^\\s+listen 127\\.0\\.0\\.1:${topology.nginx.operationsPort};$`, "m"));
    assert.match(local, /^pid \.run\/nginx\/nginx\.pid;$/m);
    assert.match(local, /include \.run\/nginx\/bench\.d\/\*\.conf;/);
  });

  it("when rendered for Docker, then it reaches the compose services by name and carries no benchmark hooks", () => {
    const expected = topology.app.instances.map((instance) => `${instance.name}:${topology.app.containerPort}`);
    assert.deepEqual(upstreamServers(docker, "app"), expected);
    assert.match(docker, new RegExp(`^\\s+listen ${topology.nginx.publicPort};$`, "m"));
    assert.match(docker, new RegExp(`proxy_pass http://s3:${topology.s3.port};`));
    assert.doesNotMatch(docker, /127\.0\.0\.1:\d+;|\.run\/|bench_bare|bench\.d|location \/bench\/|^pid /m);
    assert.doesNotMatch(docker, new RegExp(`\\b${topology.nginx.benchPort}\\b`));
  });

  it("when both are rendered, then they share every rule but the benchmark's routes", () => {
    const isBenchRoute = (location: string) => location.startsWith("/bench/");
    assert.deepEqual(
      locations(local).filter((location) => !isBenchRoute(location)),
      locations(docker),
    );
    assert.ok(locations(local).some(isBenchRoute), "the local stack keeps the benchmark's routes");
    const rules = (conf: string) =>
      conf
        .split("\n")
        .map((line) => line.trim())
        .filter((line) =>
          /^(proxy_buffer|limit_req|limit_conn|add_header|gzip|keepalive|client_max_body_size)/.test(line),
        );
    const withoutBenchUpstream = local.replace(/upstream bench_bare \{[^}]*\}/, "");
    assert.deepEqual(rules(withoutBenchUpstream), rules(docker));
    assert.match(docker, /proxy_buffer_size 32k;/, "next-auth's large response headers fit in Docker too");
  });
});
