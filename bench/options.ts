/** Command-line options of `npm run bench`; pure so it can be tested. */
import { OptionsError, readFlags } from "@/bench/cli-flags";
import { fairnessCrowd } from "@/bench/fairness-plan";
import { topology } from "@/infra/topology";

export { OptionsError };

export interface BenchOptions {
  users: number;
  stock: number;
  concurrency: number;
  /** Connections available to the open-loop phases (shoppers do not share a handful of sockets). */
  openConnections: number;
  /** Seconds of every measured HTTP phase. */
  duration: number;
  /** Shoppers holding a Socket.IO connection to time notifications. */
  sockets: number;
  /** Purchases per side in the storage-level comparison (no HTTP). */
  storageOps: number;
  /** Where shoppers go: NGINX by default. */
  base: string;
  quick: boolean;
  /** Shoppers' purchases per second in the noisy-neighbour phase; 0 = a quarter of the closed-loop maximum. */
  noisyRate: number;
  /** Run only the noisy-neighbour phase (after the shoppers and the warm-up). */
  noisyOnly: boolean;
  /** Run only our purchase's closed loop, `--repeat` times: A/B runs of one configuration change. */
  purchaseOnly: boolean;
  repeat: number;
  /** Run only the fairness phase: bots' share of a sale with and without the waiting room. */
  fairnessOnly: boolean;
  /** Sales of the fairness phase per side (with the room, without), alternating. */
  fairnessRuns: number;
  /** The room's admissions per second in the fairness phase; 0 = the server's default. */
  fairnessRoomRate: number;
}

type NumericOption = Exclude<keyof BenchOptions, "base" | "quick" | "noisyOnly" | "purchaseOnly" | "fairnessOnly">;

export const defaultOptions: BenchOptions = {
  users: 2000,
  stock: 200,
  concurrency: 64,
  // More than NGINX admits (3 × 64 purchases in flight): with fewer, the excess of the 200% phase would wait in
  // the generator for a free connection instead of reaching the edge, which no real crowd of browsers does.
  openConnections: 512,
  duration: 10,
  sockets: 100,
  storageOps: 2000,
  base: `http://127.0.0.1:${topology.nginx.publicPort}`,
  quick: false,
  noisyRate: 0,
  noisyOnly: false,
  purchaseOnly: false,
  repeat: 1,
  fairnessOnly: false,
  fairnessRuns: 5,
  fairnessRoomRate: 0,
};

const quickOptions: Partial<BenchOptions> = {
  users: 500,
  stock: 50,
  concurrency: 32,
  openConnections: 256,
  duration: 4,
  sockets: 40,
  storageOps: 500,
};

export const usage = `Usage: npm run bench -- [options]
  --users N         shoppers (real Keycloak users, cached in .run/bench/)   default ${defaultOptions.users}
  --stock N         coupons on sale in every sale                           default ${defaultOptions.stock}
  --concurrency N   connections of the closed-loop phases                   default ${defaultOptions.concurrency}
  --open-connections N  connections of the open-loop phases (50%, 80%, 200%)  default ${defaultOptions.openConnections}
  --duration S      seconds per measured phase                              default ${defaultOptions.duration}
  --sockets N       shoppers holding a Socket.IO connection                 default ${defaultOptions.sockets}
  --storage-ops N   operations per side of the storage-level comparison     default ${defaultOptions.storageOps}
  --base URL        where requests go (NGINX)                               default ${defaultOptions.base}
  --noisy-rate N    shoppers' req/s in the noisy-neighbour phase (0: a quarter of the max) default ${defaultOptions.noisyRate}
  --noisy-neighbour-only  only the noisy-neighbour phase (needs --noisy-rate)
  --purchase-only   only our purchase's closed loop (A/B of a configuration change)
  --repeat N        with --purchase-only: that many sales, one after the other    default ${defaultOptions.repeat}
  --fairness-only   only the fairness phase: 5,000 shoppers (500 bots), stock 500, with and without the room
  --fairness-runs N sales per side of the fairness phase (with the room, without), alternating  default ${defaultOptions.fairnessRuns}
  --fairness-room-rate N  the room's admissions per second in the fairness phase (default: the server's)
  --quick           small and short (about a minute)
Shoppers go through NGINX's benchmark listener (127.0.0.1:${topology.nginx.benchPort}, no per-client limits) while the bench runs.`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = readFlags(argv, {
    numbers: {
      "--users": "users",
      "--stock": "stock",
      "--concurrency": "concurrency",
      "--open-connections": "openConnections",
      "--duration": "duration",
      "--sockets": "sockets",
      "--storage-ops": "storageOps",
      "--noisy-rate": "noisyRate",
      "--repeat": "repeat",
      "--fairness-runs": "fairnessRuns",
      "--fairness-room-rate": "fairnessRoomRate",
    },
    switches: ["--quick", "--noisy-neighbour-only", "--purchase-only", "--fairness-only"],
    usage,
  });
  const quick = flags.switches.has("--quick");
  const noisyOnly = flags.switches.has("--noisy-neighbour-only");
  const purchaseOnly = flags.switches.has("--purchase-only");
  const fairnessOnly = flags.switches.has("--fairness-only");
  const options: BenchOptions = {
    ...defaultOptions,
    ...(quick ? quickOptions : {}),
    // The fairness phase's crowd: signed in once for the whole run (and warmed) unless --users says otherwise.
    ...(fairnessOnly ? { users: fairnessCrowd.shoppers } : {}),
    quick,
    noisyOnly,
    purchaseOnly,
    fairnessOnly,
    ...(flags.base ? { base: flags.base } : {}),
  };
  for (const [key, number] of Object.entries(flags.numbers) as [NumericOption, number][]) {
    // Counts are whole; a phase may last a fraction of a second.
    options[key] = key === "duration" ? number : Math.floor(number);
  }
  if (options.noisyOnly && options.noisyRate === 0)
    throw new OptionsError("--noisy-neighbour-only needs --noisy-rate (there is no closed-loop maximum to halve)");
  if (options.repeat < 1) throw new OptionsError("--repeat must be at least 1");
  if (options.users < options.stock)
    throw new OptionsError("--users must be at least --stock (a flash sale has more shoppers than coupons)");
  if (options.sockets > options.stock) options.sockets = options.stock;
  return options;
}
