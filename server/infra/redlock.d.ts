// redlock 5.0.0-beta.2 ships types at dist/index.d.ts but its package.json "exports" hides them from
// moduleResolution "bundler"; this declares the part of its API we use (same signatures).
declare module "redlock" {
  import { EventEmitter } from "node:events";
  import type { Cluster, Redis } from "ioredis";

  export interface Settings {
    readonly driftFactor: number;
    readonly retryCount: number;
    readonly retryDelay: number;
    readonly retryJitter: number;
    readonly automaticExtensionThreshold: number;
  }

  export class ResourceLockedError extends Error {}
  export class ExecutionError extends Error {}

  export type RedlockAbortSignal = AbortSignal & { error?: Error };

  export default class Redlock extends EventEmitter {
    constructor(clients: Iterable<Redis | Cluster>, settings?: Partial<Settings>);
    using<T>(
      resources: string[],
      duration: number,
      settings: Partial<Settings>,
      routine: (signal: RedlockAbortSignal) => Promise<T>,
    ): Promise<T>;
    quit(): Promise<void>;
  }
}
