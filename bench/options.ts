/** Command-line options of `npm run bench`; pure so it can be tested. */

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
}

export const defaultOptions: BenchOptions = {
  users: 2000,
  stock: 200,
  concurrency: 64,
  openConnections: 256,
  duration: 10,
  sockets: 100,
  storageOps: 2000,
  base: "http://127.0.0.1:8080",
  quick: false,
};

const quickOptions: Partial<BenchOptions> = { users: 500, stock: 50, concurrency: 32, openConnections: 128, duration: 4, sockets: 40, storageOps: 500 };

export const usage = `Usage: npm run bench -- [options]
  --users N         shoppers (real Keycloak users, cached in .run/bench/)   default ${defaultOptions.users}
  --stock N         coupons on sale in every sale                           default ${defaultOptions.stock}
  --concurrency N   connections of the closed-loop phases                   default ${defaultOptions.concurrency}
  --open-connections N  connections of the open-loop phases (50%, 80%, 200%)  default ${defaultOptions.openConnections}
  --duration S      seconds per measured phase                              default ${defaultOptions.duration}
  --sockets N       shoppers holding a Socket.IO connection                 default ${defaultOptions.sockets}
  --storage-ops N   operations per side of the storage-level comparison     default ${defaultOptions.storageOps}
  --base URL        where requests go (NGINX)                               default ${defaultOptions.base}
  --quick           small and short (about a minute)`;

export class OptionsError extends Error {}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes("--quick");
  const options: BenchOptions = { ...defaultOptions, ...(quick ? quickOptions : {}), quick };
  const numeric: Record<string, keyof BenchOptions> = {
    "--users": "users",
    "--stock": "stock",
    "--concurrency": "concurrency",
    "--open-connections": "openConnections",
    "--duration": "duration",
    "--sockets": "sockets",
    "--storage-ops": "storageOps",
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--quick") continue;
    if (arg === "--help" || arg === "-h") throw new OptionsError(usage);
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new OptionsError(`${flag} needs a value\n${usage}`);
    if (flag === "--base") {
      options.base = value.replace(/\/+$/, "");
      continue;
    }
    const key = numeric[flag];
    if (!key) throw new OptionsError(`unknown option ${flag}\n${usage}`);
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new OptionsError(`${flag} must be a positive number`);
    (options as unknown as Record<string, number>)[key] = key === "duration" ? number : Math.floor(number);
  }
  if (options.users < options.stock) throw new OptionsError("--users must be at least --stock (a flash sale has more shoppers than coupons)");
  if (options.sockets > options.stock) options.sockets = options.stock;
  return options;
}
