import { createServer, type IncomingMessage } from "node:http";
import { parse } from "node:url";
import next from "next";
import { env } from "@/server/env";
import { answerClientError, answerEveryRequest, sendError } from "@/server/http/native";
import {
  createNativeRouter,
  refuseMalformedPath,
  refuseUnservedMethod,
  type NativeRoute,
} from "@/server/http/native-router";
import { nativeRoutes } from "@/server/http/native-routes";
import { instanceId } from "@/server/infra/instance";
import { logger } from "@/server/infra/logger";
import { metrics } from "@/server/infra/metrics";
import { installProcessHandlers, onShutdown } from "@/server/infra/shutdown";
import { startRealtime } from "@/server/realtime/start-realtime";
import { closeConnections } from "@/server/infra/close-connections";
import {
  startCatalogueInvalidationListener,
  stopCatalogueInvalidationListener,
} from "@/server/features/catalogue/catalogue";

/** Which side of the custom server answers a request: its native routes first, or Next.js straight away. */
export type Door = "native" | "next";

export interface AppServerOptions {
  /** Native routes served after the production ones; another entry point adds its own here. */
  extraRoutes?: readonly NativeRoute[];
  /** Picks the door per request; production sends every request to the native routes first. */
  chooseDoor?: (req: IncomingMessage) => Door;
}

const nativeFirst = (): Door => "native";

/**
 * One app instance: Next.js and Socket.IO on one port, plus the native routes that answer before Next (health,
 * metrics and the hot purchase path). Several instances run behind NGINX, each with its own server id.
 * server/index.ts starts it as it is; other entry points compose it with routes and a door switch of their own,
 * so production never loads code it does not serve.
 */
export async function createAppServer({
  extraRoutes = [],
  chooseDoor = nativeFirst,
}: AppServerOptions = {}): Promise<void> {
  installProcessHandlers();
  const dev = env.NODE_ENV === "development";
  const app = next({ dev, dir: process.cwd(), port: env.PORT, hostname: env.HOST });
  await app.prepare();
  const handleWithNext = app.getRequestHandler();
  const router = createNativeRouter([...nativeRoutes(), ...extraRoutes]);

  const server = createServer(
    answerEveryRequest((req, res) => {
      res.setHeader("x-instance-id", instanceId);
      const url = parse(req.url ?? "/", true);
      const match = chooseDoor(req) === "next" ? undefined : router.match(req.method, url.pathname ?? "/");
      if (!match) {
        refuseUnservedMethod(req.method);
        refuseMalformedPath(url.pathname ?? "/");
        return handleWithNext(req, res, url);
      }
      const stopTimer = metrics.httpRequests.startTimer({
        method: req.method,
        route: match.route.name ?? match.route.path,
      });
      res.once("finish", () => stopTimer({ status: String(res.statusCode) }));
      return match.route.handle(req, res, match.params).catch((error: unknown) => sendError(req, res, error));
    }),
  );
  // Bytes that are not HTTP (oversized headers, bad framing) never reach the listener; they get JSON too.
  server.on("clientError", answerClientError);
  // NGINX keeps upstream connections idle for up to 60 s; Node must keep them longer, or a reused connection
  // can be closed under a request ("upstream prematurely closed").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const realtime = await startRealtime(server);
  // Every instance drops its catalogue L1 on admin edits.
  await startCatalogueInvalidationListener();

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  logger.info({ port: env.PORT, dev }, "app instance listening");

  // Closers run last-registered first: sockets, then HTTP, then the shared connections.
  onShutdown("connections", closeConnections);
  onShutdown("http", () => new Promise<void>((resolve) => server.close(() => resolve())));
  onShutdown("realtime", () => realtime.close());
  onShutdown("catalogue-invalidation", stopCatalogueInvalidationListener);
}
