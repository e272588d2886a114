/**
 * Child process for the "lock holder dies mid-rebuild" test: it starts a page rebuild whose MySQL read never
 * finishes, prints "rebuilding" once it holds the lock, and waits to be SIGKILLed.
 * Usage: tsx hold-rebuild-lock.ts <prefix> <leaseMs>
 */
import { createCatalogue } from "@/server/features/catalogue/create-catalogue";
import { catalogueRepository } from "@/server/features/catalogue/catalogue-repository";

const [prefix, lease] = process.argv.slice(2);
if (!prefix || !lease) throw new Error("usage: hold-rebuild-lock.ts <prefix> <leaseMs>");

const catalogue = createCatalogue({
  prefix,
  lockLeaseMs: Number(lease),
  repository: {
    ...catalogueRepository,
    findPage: () => {
      process.stdout.write("rebuilding\n");
      return new Promise(() => undefined);
    },
  },
});

setTimeout(() => process.exit(2), 30_000).unref();
setInterval(() => undefined, 1_000); // stay alive until killed
void catalogue.listCoupons({ page: 1, size: 5 });
