import { readFileSync } from "node:fs";
import path from "node:path";
import type { Topology } from "@/infra/topology";
import { renderTemplate, type TemplateContext } from "./template";

/**
 * Both NGINX configurations from infra/nginx/nginx.conf.template. They differ only where the place differs:
 * locally NGINX listens on loopback, reaches the instances on their own ports at 127.0.0.1, keeps its files
 * under .run/ and logs/, and carries the benchmark's routes and listener hooks; in Docker it listens on every
 * interface of its container and reaches the compose services by name, on their container ports.
 */

export type NginxTarget = "local" | "docker";

/** Where each rendered configuration is committed, relative to the repo root (compose mounts the Docker one). */
export const nginxConfPaths: Readonly<Record<NginxTarget, string>> = {
  local: "nginx.conf",
  docker: "infra/docker/nginx.conf",
};

const templatePath = path.join(import.meta.dirname, "nginx.conf.template");

function contextFor(target: NginxTarget, topology: Topology): TemplateContext {
  const { app, nginx, s3 } = topology;
  const shared = {
    purchaseMaxConns: app.purchaseMaxConnsPerInstance,
    benchPort: nginx.benchPort,
    benchBarePort: nginx.benchBarePort,
    tlsPort: nginx.tlsPort,
    operationsPort: nginx.operationsPort,
  };
  if (target === "local") {
    return {
      ...shared,
      local: true,
      bench: true,
      errorLog: "logs/nginx.log",
      imagesCachePath: ".run/nginx/images-cache",
      microcachePath: ".run/nginx/microcache",
      publicListen: `127.0.0.1:${nginx.publicPort}`,
      operationsListen: `127.0.0.1:${nginx.operationsPort}`,
      s3Address: `127.0.0.1:${s3.port}`,
      instances: app.instances.map((instance) => ({ address: `127.0.0.1:${instance.port}` })),
    };
  }
  return {
    ...shared,
    local: false,
    // The benchmark runs against the local stack only; containers carry none of its routes.
    bench: false,
    errorLog: "/dev/stderr",
    imagesCachePath: "/var/cache/nginx/images",
    microcachePath: "/var/cache/nginx/microcache",
    publicListen: String(nginx.publicPort),
    operationsListen: String(nginx.operationsPort),
    // docker-compose.yml's service name for the S3 stand-in.
    s3Address: `s3:${s3.port}`,
    instances: app.instances.map((instance) => ({ address: `${instance.name}:${app.containerPort}` })),
  };
}

export function renderNginxConf(
  target: NginxTarget,
  topology: Topology,
  template = readFileSync(templatePath, "utf8"),
) {
  return renderTemplate(template, contextFor(target, topology));
}
