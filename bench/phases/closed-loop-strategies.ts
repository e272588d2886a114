import type { BenchOptions } from "@/bench/options";
import { strategyNames } from "@/bench/strategies/mysql-strategies";

export const oursStrategy = "redis-lua (ours)";
/**
 * The very same purchase, served by the App Router handler instead of the native route (the door switch exists
 * only where bench routes are enabled): the framework's cost, measured.
 */
export const routeHandlerStrategy = "redis-lua via route handler";

/** The closed-loop sales of a run, in order: ours first, then the alternatives the stack can serve. */
export function closedLoopStrategies(options: BenchOptions, benchRoutes: boolean): string[] {
  if (options.purchaseOnly) return Array.from({ length: options.repeat }, () => oursStrategy);
  return [oursStrategy, ...(benchRoutes ? [routeHandlerStrategy, ...strategyNames] : [])];
}
