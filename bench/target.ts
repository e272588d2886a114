import { topology } from "@/infra/topology";

/**
 * Whether a bench target is the public NGINX edge. Through NGINX, one address plays thousands of shoppers, so the
 * bench opens NGINX's benchmark listener (same locations, no per-client limits) and sends the shoppers there.
 */
export function isThroughNginx(base: URL): boolean {
  return Number(base.port) === topology.nginx.publicPort;
}

/** The ports of NGINX's public and benchmark listeners, the two doors that stand for all app instances. */
export function isNginxPort(port: number): boolean {
  return port === topology.nginx.publicPort || port === topology.nginx.benchPort;
}
