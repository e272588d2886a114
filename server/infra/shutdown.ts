import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("shutdown");

type Closer = { name: string; close: () => unknown };

const closers = globalSingleton("shutdown-closers", () => [] as Closer[]);

/** Registers work to do on SIGTERM/SIGINT. Closers run in reverse order of registration (last opened, first closed). */
export function onShutdown(name: string, close: Closer["close"]) {
  closers.push({ name, close });
}

let stopping: Promise<void> | undefined;

export function shutdown(reason: string, timeoutMs = 10_000): Promise<void> {
  stopping ??= (async () => {
    log.info({ reason }, "shutting down");
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, "shutdown timed out; exiting");
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    for (const closer of [...closers].reverse()) {
      try {
        await closer.close();
      } catch (error) {
        log.warn({ err: error, closer: closer.name }, "closer failed");
      }
    }
    clearTimeout(timer);
  })();
  return stopping;
}

/** Every entry point calls this once: stop cleanly on signals, fail loudly on what nobody caught. */
export function installProcessHandlers() {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  process.on("unhandledRejection", (reason) => {
    log.fatal({ err: reason }, "unhandled promise rejection");
    void shutdown("unhandledRejection").then(() => process.exit(1));
  });
  process.on("uncaughtException", (error) => {
    log.fatal({ err: error }, "uncaught exception");
    void shutdown("uncaughtException").then(() => process.exit(1));
  });
}
