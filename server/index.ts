import { createAppServer } from "@/server/create-app-server";
import { logger } from "@/server/infra/logger";

/** The production app instance: the app server with its own routes and nothing else. */
createAppServer().catch((error: unknown) => {
  logger.fatal({ err: error }, "app instance failed to start");
  process.exit(1);
});
