/** Pure parts of `npm run bench:soak`: its options and the memory verdict (unit-tested). */
import { OptionsError, readFlags } from "@/bench/cli-flags";

export interface SoakOptions {
  minutes: number;
  /** Fixed purchases per second; absent = `share` of a closed-loop maximum measured first. */
  rate?: number;
  share: number;
  users: number;
  stock: number;
  connections: number;
  saleSeconds: number;
  base: string;
}

export const soakDefaults: SoakOptions = {
  minutes: 10,
  share: 0.5,
  users: 1000,
  stock: 200,
  connections: 512,
  saleSeconds: 60,
  base: "http://127.0.0.1:8080",
};

export const soakUsage = `Usage: npm run bench:soak -- [options]
  --minutes N       how long the load is held                         default ${soakDefaults.minutes}
  --rate N          purchases per second (default: --share of a measured closed-loop maximum)
  --share F         share of the maximum when --rate is not given      default ${soakDefaults.share}
  --users N         shoppers (cached Keycloak users of npm run bench)  default ${soakDefaults.users}
  --stock N         coupons per sale                                   default ${soakDefaults.stock}
  --connections N   open-loop connections                              default ${soakDefaults.connections}
  --sale-seconds N  a new sale every N seconds                         default ${soakDefaults.saleSeconds}
  --base URL        where requests go                                  default ${soakDefaults.base}`;

/** Parsed options, or the message to print (usage or what is wrong). */
export function parseSoakOptions(argv: readonly string[]): SoakOptions | string {
  let flags;
  try {
    flags = readFlags(argv, {
      numbers: {
        "--minutes": "minutes",
        "--rate": "rate",
        "--share": "share",
        "--users": "users",
        "--stock": "stock",
        "--connections": "connections",
        "--sale-seconds": "saleSeconds",
      },
      usage: soakUsage,
    });
  } catch (error) {
    if (error instanceof OptionsError) return error.message;
    throw error;
  }
  const options: SoakOptions = { ...soakDefaults, ...flags.numbers, ...(flags.base ? { base: flags.base } : {}) };
  if (options.share > 1) return "--share is a fraction of the maximum (0 < F ≤ 1)";
  if (options.users < options.stock) return "--users must be at least --stock";
  return options;
}

export interface MemoryVerdict {
  name: string;
  baselineBytes: number;
  maxBytes: number;
  endBytes: number;
  maxGrowthPercent: number;
  endGrowthPercent: number;
  flat: boolean;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

/**
 * "Flat": after the warm-up, no sample exceeds the level right after it by more than `tolerance`, and the
 * level at the end is within `tolerance` of it. Levels are medians of a minute of samples, so one sample taken
 * just before a major GC does not decide the verdict; the max is every sample's.
 */
export function memoryVerdict(
  name: string,
  samples: readonly { atS: number; bytes: number }[],
  options: { warmUpS: number; tolerance: number },
): MemoryVerdict {
  const after = samples.filter((s) => s.atS >= options.warmUpS && s.bytes > 0);
  const lastS = after.at(-1)?.atS ?? 0;
  const baselineBytes = median(after.filter((s) => s.atS < options.warmUpS + 60).map((s) => s.bytes));
  const endBytes = median(after.filter((s) => s.atS > lastS - 60).map((s) => s.bytes));
  const maxBytes = Math.max(0, ...after.map((s) => s.bytes));
  const growth = (bytes: number) => (baselineBytes > 0 ? Math.round((bytes / baselineBytes - 1) * 1000) / 10 : 0);
  const maxGrowthPercent = growth(maxBytes);
  const endGrowthPercent = growth(endBytes);
  const flat =
    after.length > 0 &&
    maxGrowthPercent <= options.tolerance * 100 &&
    Math.abs(endGrowthPercent) <= options.tolerance * 100;
  return { name, baselineBytes, maxBytes, endBytes, maxGrowthPercent, endGrowthPercent, flat };
}
