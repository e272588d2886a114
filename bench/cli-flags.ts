/** The command-line reading shared by `npm run bench` and `npm run bench:soak`; pure so it can be tested. */

export class OptionsError extends Error {}

export interface FlagSpec<K extends string> {
  /** `--flag` → option name, for positive numbers. */
  numbers: Record<string, K>;
  /** Flags that take no value (e.g. `--quick`). */
  switches?: readonly string[];
  usage: string;
}

export interface Flags<K extends string> {
  numbers: Partial<Record<K, number>>;
  switches: Set<string>;
  /** `--base URL`, without trailing slashes. */
  base?: string;
}

/**
 * Reads `--flag value` and `--flag=value` pairs. Throws OptionsError with the usage for `--help`, and with a
 * message naming the flag for an unknown flag, a missing value or a number that is not positive.
 */
export function readFlags<K extends string>(argv: readonly string[], spec: FlagSpec<K>): Flags<K> {
  const flags: Flags<K> = { numbers: {}, switches: new Set() };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new OptionsError(spec.usage);
    if (spec.switches?.includes(arg)) {
      flags.switches.add(arg);
      continue;
    }
    const [flag, inline] = arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new OptionsError(`${flag} needs a value\n${spec.usage}`);
    if (flag === "--base") {
      flags.base = value.replace(/\/+$/, "");
      continue;
    }
    const key = spec.numbers[flag];
    if (!key) throw new OptionsError(`unknown option ${flag}\n${spec.usage}`);
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new OptionsError(`${flag} must be a positive number`);
    flags.numbers[key] = number;
  }
  return flags;
}
