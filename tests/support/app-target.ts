import { benchListenerUrl, openBenchListener } from "@/bench/bench-listener";

/**
 * Where the HTTP and socket suites reach the app. On the local stack: NGINX's benchmark listener and the three
 * instances on 3001–3003. The cluster harness (infra/cluster) runs its own instances without NGINX and names
 * them here, so the same suites run against a Redis Cluster and a 3-broker Kafka.
 */
const basePort = process.env.FLASHSALE_TEST_APP_PORTS?.split(",")
  .map((port) => Number(port.trim()))
  .filter(Number.isInteger);

/** App instances the suites address directly, by port. */
export const appPorts: readonly number[] = basePort && basePort.length > 0 ? basePort : [3001, 3002, 3003];

/** The URL a shopper would use: NGINX's listener on the stack, the first instance under the cluster harness. */
export const appBaseUrl = process.env.FLASHSALE_TEST_BASE_URL ?? benchListenerUrl;

/** Opens NGINX's listener when the suites go through it; returns how to close it again. */
export async function openAppTarget(): Promise<() => Promise<void>> {
  if (process.env.FLASHSALE_TEST_BASE_URL) return () => Promise.resolve();
  return openBenchListener();
}
