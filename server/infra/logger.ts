import pino from "pino";
import { env } from "@/server/env";
import { instanceId } from "@/server/infra/instance";
import { globalSingleton } from "@/server/infra/global-singleton";

export const logger = globalSingleton("logger", () =>
  pino({
    level: env.LOG_LEVEL,
    base: { instanceId, pid: process.pid },
    redact: {
      paths: ["token", "accessToken", "authorization", "*.authorization", "*.token", "password", "*.password"],
      censor: "[redacted]",
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  }),
);

export function childLogger(module: string) {
  return logger.child({ module });
}
