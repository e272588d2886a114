import { browseInProcess } from "@/bench/browse-in-process";
import { nextDoorHeader } from "@/bench/door";
import { runPhase, type PhaseResult } from "@/bench/http-phase";
import { probe } from "@/bench/probe";
import type { BrowsingSection } from "@/bench/results";
import type { BenchPhase } from "@/bench/phases/bench-phase";
import { phasePlans } from "@/bench/phases/plan";

/** NGINX's location that reaches the instances past the micro-cache (loopback only). */
const directPrefix = "/bench/direct";
const nextDoor = { [nextDoorHeader]: "next" };

/** The coupon listing: as shoppers get it, then live stock against cached stock. */
export const browsingPhase: BenchPhase<"browsing"> = {
  name: "browsing",
  ...phasePlans.browsing,
  async run(context) {
    const { options, durationMs, viaNginx, notes } = context;
    const { benchRoutes } = context.capabilities;
    context.progress.phase("browsing GET /api/coupons, live stock vs cached stock");
    const browsing: PhaseResult[] = [];
    let browsingInProcess: BrowsingSection["browsingInProcess"];
    // What shoppers get (through NGINX: the one-second micro-cache), then the instances' own listing past it
    // (/bench/direct/, loopback only), natively and through the App Router handler.
    const directProbe = viaNginx ? await probe(`${options.base}${directPrefix}/api/coupons`) : undefined;
    const direct = viaNginx ? (directProbe?.status === 200 ? directPrefix : undefined) : "";
    if (direct === undefined)
      notes.push(`NGINX has no working ${directPrefix}/ location: the listing was measured only as shoppers get it.`);
    const listing = (name: string, path: string, headers: Record<string, string> = {}) =>
      runPhase({
        name,
        base: context.base,
        connections: options.concurrency,
        durationMs,
        roots: context.roots,
        progress: context.progress,
        request: () => ({ method: "GET", path, headers }),
      });
    await probe(`${options.base}/api/coupons`);
    browsing.push(
      await listing(
        viaNginx ? "GET /api/coupons (NGINX micro-cache)" : "GET /api/coupons (live stock)",
        "/api/coupons",
      ),
    );
    if (direct !== undefined && viaNginx)
      browsing.push(await listing("GET /api/coupons (live stock)", `${direct}/api/coupons`));
    if (direct !== undefined && benchRoutes)
      browsing.push(await listing("GET /api/coupons via route handler", `${direct}/api/coupons`, nextDoor));
    if (benchRoutes) {
      await probe(`${options.base}/api/bench/coupons-cached-stock`);
      browsing.push(await listing("GET listing (cached stock only)", "/api/bench/coupons-cached-stock"));
    } else {
      notes.push(
        "Live-stock cost measured in-process (catalogue feature called both ways), not over HTTP: bench routes are disabled.",
      );
      browsingInProcess = {
        live: await browseInProcess(true, durationMs / 2, 16),
        cached: await browseInProcess(false, durationMs / 2, 16),
      };
    }
    return { browsing, browsingInProcess };
  },
};
