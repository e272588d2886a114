import type { BenchSections, SectionName } from "@/bench/results";
import type { BenchContext } from "@/bench/run-context";
import type { PhasePlan } from "@/bench/phases/plan";

/** One measuring phase of `npm run bench`: it runs on the shared context and returns its section of the results. */
export interface BenchPhase<K extends SectionName> extends PhasePlan {
  /** The section of the results it fills (later phases read it from `context.sections`). */
  name: K;
  run(context: BenchContext): Promise<BenchSections[K]>;
}

export type AnyBenchPhase = { [K in SectionName]: BenchPhase<K> }[SectionName];

export async function runBenchPhase<K extends SectionName>(phase: BenchPhase<K>, context: BenchContext) {
  context.sections[phase.name] = await phase.run(context);
}
