import { randomUUID } from "node:crypto";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";

/**
 * This process's server id: the suffix of its `payment_update:<id>` channel, the `X-Instance-Id` header and
 * the `instanceId` of every log line. Fresh per start, so a restarted instance never receives messages meant
 * for sockets it no longer holds.
 */
export const instanceId: string = globalSingleton("instance-id", () => env.INSTANCE_ID ?? randomUUID());
