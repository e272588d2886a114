import { renderTopologyShell } from "@/infra/lib/render-topology-shell";
import { nginxConfPaths, renderNginxConf } from "@/infra/nginx/render-nginx";
import type { Topology } from "@/infra/topology";

/** Every committed file derived from infra/topology.json, with its content as rendered now (paths from the root). */
export function generatedFiles(topology: Topology): { path: string; content: string }[] {
  return [
    { path: nginxConfPaths.local, content: renderNginxConf("local", topology) },
    { path: nginxConfPaths.docker, content: renderNginxConf("docker", topology) },
    { path: "infra/lib/topology.sh", content: renderTopologyShell(topology) },
  ];
}
