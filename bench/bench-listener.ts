import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isPortOpen } from "@/infra/lib/port-open";
import { topology } from "@/infra/topology";

/**
 * NGINX's benchmark listener: the public server on 127.0.0.1:8089, same locations, but with empty rate-limit
 * keys (nginx.conf), so one address may play thousands of shoppers. `npm run bench` and the load-shaped
 * integration tests open it for their run; it is off otherwise, so the per-client limits hold for everyone else.
 */
const port = topology.nginx.benchPort;
export const benchListenerUrl = `http://127.0.0.1:${port}`;
const includeFile = ".run/nginx/bench.d/listen.conf";

/** Opens the listener (an NGINX reload) and returns how to close it; a listener someone else opened stays open. */
export async function openBenchListener(): Promise<() => Promise<void>> {
  const openedHere = !existsSync(includeFile);
  if (openedHere)
    execFileSync("bash", ["infra/nginx.sh", "bench-listener", "on"], { stdio: ["ignore", "ignore", "inherit"] });
  await waitForPort(true);
  return async () => {
    if (!openedHere) return;
    execFileSync("bash", ["infra/nginx.sh", "bench-listener", "off"], { stdio: ["ignore", "ignore", "inherit"] });
    await waitForPort(false);
  };
}

async function waitForPort(open: boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await isPortOpen(port)) !== open) {
    if (Date.now() > deadline)
      throw new Error(`NGINX's bench listener on ${port} did not ${open ? "open" : "close"} (logs/nginx.log)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
