import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The port of the bare node:http server, the ceiling no framework can beat. */
export const BARE_PORT = 3009;

// Module state so the bench's shutdown can stop a bare server a failed or interrupted phase left running.
let bare: ChildProcess | undefined;

/** Starts bench/bare-server.ts in a child process; resolves with its pid once it listens. */
export async function startBareServer(): Promise<number> {
  const child = fork(path.join(process.cwd(), "bench", "bare-server.ts"), [String(BARE_PORT)], {
    execArgv: ["--import", "tsx"],
    stdio: "ignore",
  });
  bare = child;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare server did not start")), 15_000);
    child.once("message", () => {
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`bare server exited (${String(code)}); is port ${BARE_PORT} taken?`)),
    );
  });
  return child.pid ?? 0;
}

export function stopBareServer(): void {
  bare?.kill("SIGTERM");
  bare = undefined;
}
