import { childLogger } from "@/server/infra/logger";

const log = childLogger("realtime");

export type Ack = (answer: unknown) => void;

/** The acknowledgement callback if the client asked for one: Socket.IO passes it last, and clients pick the arity. */
export function ackOf(args: unknown[]): Ack | undefined {
  const last = args.at(-1);
  return typeof last === "function" ? (last as Ack) : undefined;
}

/**
 * Every Socket.IO handler's wall: a synchronous throw or a rejection (Redis down, a bug, a hostile payload) is
 * logged and, when the client asked for an ack, answered INTERNAL. Unwrapped, it became an unhandled rejection,
 * and the process handler stops the instance for every shopper on it.
 */
export function guardHandler(event: string, handler: (...args: unknown[]) => Promise<void> | void) {
  return (...args: unknown[]) => {
    const fail = (error: unknown) => {
      log.warn({ err: error, event }, "socket handler failed");
      try {
        ackOf(args)?.({ error: "INTERNAL", message: "Something went wrong on our side." });
      } catch {
        // The socket is gone; nothing is left to tell.
      }
    };
    try {
      const pending = handler(...args);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
