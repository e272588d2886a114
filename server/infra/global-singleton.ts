/**
 * Next.js bundles route handlers into a module graph of its own, separate from the custom server's. Keeping
 * connection clients on globalThis makes each exist once per process, whichever graph asks first.
 */
export function globalSingleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`flash-sale.${name}`);
  let value = store[key];
  if (value === undefined) {
    value = create();
    store[key] = value;
  }
  return value;
}
