import { createCatalogue } from "@/server/features/catalogue/create-catalogue";
import { mapLimit } from "@/bench/concurrency";
import { newHistogram, summarize, type LatencySummary } from "@/bench/load";

export interface InProcessBrowsing {
  callsPerSecond: number;
  latencyMs: LatencySummary;
}

/** The catalogue's first page, called in this process for a while: the listing's cost without HTTP. */
export async function browseInProcess(
  liveStock: boolean,
  durationMs: number,
  concurrency: number,
): Promise<InProcessBrowsing> {
  const catalogue = createCatalogue({ liveStock });
  const histogram = newHistogram();
  await catalogue.listCoupons({ page: 1, size: 20 });
  const deadline = performance.now() + durationMs;
  let n = 0;
  const started = performance.now();
  await mapLimit(Array.from({ length: concurrency }), concurrency, async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await catalogue.listCoupons({ page: 1, size: 20 });
      histogram.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      n += 1;
    }
  });
  return { callsPerSecond: Math.round((n / (performance.now() - started)) * 1000), latencyMs: summarize(histogram) };
}
