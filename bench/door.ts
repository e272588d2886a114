import type { IncomingMessage } from "node:http";
import type { Door } from "@/server/create-app-server";

/**
 * The bench's door switch: with `x-bench-door: next` a request skips the native routes and is served by the App
 * Router handler of the same path, so one running stack can compare both doors (bench) and run the same API
 * suite through both (tests). Only bench/server.ts installs it; the production server has no such header.
 */
export const nextDoorHeader = "x-bench-door";

export function chooseDoorByHeader(req: IncomingMessage): Door {
  return req.headers[nextDoorHeader] === "next" ? "next" : "native";
}
