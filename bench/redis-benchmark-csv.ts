export interface RedisBenchLine {
  command: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Parses `redis-benchmark --csv` output (header line, then one quoted line per test). */
export function parseRedisBenchmarkCsv(output: string): RedisBenchLine[] {
  const lines = output
    .trim()
    .split("\n")
    .filter((line) => line.startsWith('"') && !line.startsWith('"test"'));
  return lines.map((line) => {
    const cells = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
    return {
      command: cells[0] ?? "",
      requestsPerSecond: Number(cells[1]),
      p50Ms: Number(cells[4]),
      p99Ms: Number(cells[6]),
    };
  });
}
