import type { Server as HttpServer } from "node:http";

export interface Realtime {
  close(): Promise<void>;
}

/** Attaches Socket.IO to the instance's HTTP server (issue #6 fills this in). */
export async function startRealtime(_server: HttpServer): Promise<Realtime> {
  return { close: async () => {} };
}
