import { runLoad } from "@/bench/load";

/**
 * The noisy neighbour's flooding client, in a process of its own at the lowest CPU priority: an attacker's load
 * generator runs on the attacker's machine, not on the shop's cores, and sharing the shoppers' event loop would
 * also delay their requests inside the generator, which no server could be blamed for. Its requests still cost
 * the stack (NGINX answers every one of them), which is what is measured.
 * argv[2]: JSON { host, port, path, token, connections, durationMs }; prints the LoadResult as JSON.
 */
interface FloodSpec {
  host: string;
  port: number;
  path: string;
  token: string;
  connections: number;
  durationMs: number;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as FloodSpec;
const result = await runLoad({
  target: { host: spec.host, port: spec.port },
  connections: spec.connections,
  durationMs: spec.durationMs,
  next: () => ({ method: "POST", path: spec.path, headers: { authorization: `Bearer ${spec.token}` } }),
  wantBody: false,
});
process.stdout.write(JSON.stringify(result));
