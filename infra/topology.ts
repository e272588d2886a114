import { z } from "zod";
import raw from "./topology.json";

/**
 * The stack's shape in one place: process names, ports and the app's node flags, read from infra/topology.json.
 * The local launcher (infra/lib/topology.sh), both NGINX configurations and the checks on docker-compose.yml and
 * the Dockerfile all derive from it: `npm run topology:render` writes the generated files, and
 * tests/deploy/topology.test.ts fails when a committed file no longer matches.
 */

const port = z.number().int().min(1).max(65_535);
// Names and flags end up in shell variables and NGINX directives: plain tokens only, nothing to quote.
const processName = z.string().regex(/^[a-z][a-z0-9-]*$/, "a lowercase process name");
const nodeFlag = z.string().regex(/^--[a-z0-9-]+(=[A-Za-z0-9._-]+)?$/, "a node/V8 flag such as --name=value");

const topologySchema = z
  .object({
    app: z.object({
      /** One entry per app instance: its supervisord/compose name and its port on the local machine. */
      instances: z.array(z.object({ name: processName, port })).min(1),
      /** Every instance's port inside its own container (they do not share a network namespace there). */
      containerPort: port,
      /**
       * On node's command line (V8 flags are not allowed in NODE_OPTIONS), locally and in the image.
       * --heap-growing-percent=20: V8 grows the old generation to live size × 1.2 between major GCs instead of up
       * to ×4, so an instance's memory stays flat under a sale's load instead of saw-toothing (bench/README.md,
       * "Soak").
       */
      nodeFlags: z.array(nodeFlag),
      /** NGINX's purchase admission limit: purchases in flight per instance before it answers 503. */
      purchaseMaxConnsPerInstance: z.number().int().min(1),
    }),
    worker: z.object({ name: processName, healthPort: port }),
    /** The S3-compatible stand-in (compose service `s3`). */
    s3: z.object({ port }),
    nginx: z.object({
      publicPort: port,
      /** Loopback-only (locally) /readyz, /healthz and /metrics. */
      operationsPort: port,
      /** The benchmark's listener, present only while a benchmark runs (local stack only). */
      benchPort: port,
      /** The HTTPS listener with FLASHSALE_TLS=1 (local stack only). */
      tlsPort: port,
      /** The benchmark's bare node:http ceiling behind NGINX (local stack only). */
      benchBarePort: port,
    }),
  })
  .superRefine((topology, ctx) => {
    const names = [...topology.app.instances.map((instance) => instance.name), topology.worker.name];
    for (const name of new Set(names.filter((name, i) => names.indexOf(name) !== i))) {
      ctx.addIssue({ code: "custom", message: `process name ${name} is used twice` });
    }
    // Every one of these listens on the same machine in the local stack.
    const { nginx } = topology;
    const ports = [
      ...topology.app.instances.map((instance) => instance.port),
      topology.worker.healthPort,
      topology.s3.port,
      nginx.publicPort,
      nginx.operationsPort,
      nginx.benchPort,
      nginx.tlsPort,
      nginx.benchBarePort,
    ];
    for (const taken of new Set(ports.filter((p, i) => ports.indexOf(p) !== i))) {
      ctx.addIssue({ code: "custom", message: `port ${taken} is used twice` });
    }
  });

export type Topology = z.infer<typeof topologySchema>;

export function parseTopology(value: unknown): Topology {
  return topologySchema.parse(value);
}

export const topology: Topology = parseTopology(raw);
