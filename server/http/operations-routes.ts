import { checkReadiness } from "@/server/features/operations/check-readiness";
import { sendJson } from "@/server/http/native";
import type { NativeRoute } from "@/server/http/native-router";
import { instanceId } from "@/server/infra/instance";
import { metrics } from "@/server/infra/metrics";

/** Liveness, readiness and Prometheus metrics, answered by the custom server on every instance. */
export const operationsRoutes: NativeRoute[] = [
  {
    method: "GET",
    path: "/healthz",
    handle: (_req, res) => Promise.resolve(sendJson(res, 200, { status: "ok", instanceId })),
  },
  {
    method: "GET",
    path: "/readyz",
    handle: async (_req, res) => {
      const readiness = await checkReadiness();
      sendJson(res, readiness.ready ? 200 : 503, { ...readiness, instanceId });
    },
  },
  {
    method: "GET",
    path: "/metrics",
    handle: async (_req, res) => {
      const body = await metrics.registry.metrics();
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      res.end(body);
    },
  },
];
