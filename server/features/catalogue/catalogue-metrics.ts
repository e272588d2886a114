import { Counter } from "prom-client";
import { globalSingleton } from "@/server/infra/global-singleton";
import { metrics } from "@/server/infra/metrics";

/** Where catalogue reads were answered; the benchmark and dashboards read hit ratios from it. */
export const catalogueLookups = globalSingleton(
  "catalogue-lookups",
  () =>
    new Counter({
      name: "catalogue_cache_lookups_total",
      help: "Catalogue reads by the level that answered them (l1, l2, rebuild, waited, busy, beyond_max_id)",
      labelNames: ["kind", "result"],
      registers: [metrics.registry],
    }),
);
