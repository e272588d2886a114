import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { packageOf, summarizeProfile, type CpuProfile } from "@/bench/profile-summary";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

// root → handler (app file) → verify (jose) ; root → (idle) ; root → (garbage collector)
const profile: CpuProfile = {
  startTime: 0,
  endTime: 10_000,
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 4, 5] },
    { id: 2, callFrame: frame("handle", "file:///repo/server/http/purchase-routes.ts", 11), children: [3] },
    { id: 3, callFrame: frame("verify", "file:///repo/node_modules/jose/dist/node/esm/jwt/verify.js", 4) },
    { id: 4, callFrame: frame("(idle)") },
    { id: 5, callFrame: frame("(garbage collector)") },
  ],
  // Each delta is the gap BEFORE its sample, so sample i lasts timeDeltas[i + 1].
  samples: [2, 3, 3, 4, 5, 2],
  timeDeltas: [0, 1000, 2000, 1000, 4000, 1000],
};

describe("cpu profile summary", () => {
  it("when samples hit nodes, then self time is the gap to the next sample, grouped by function and package", () => {
    const summary = summarizeProfile(profile, { root: "/repo" });
    assert.equal(summary.totalMs, 9);
    assert.equal(summary.busyMs, 5);
    const byPackage = Object.fromEntries(summary.byPackage.map((r) => [r.name, r.ms]));
    assert.deepEqual(byPackage, {
      jose: 3,
      "(idle)": 4,
      "server/http/purchase-routes.ts": 1,
      "(garbage collector)": 1,
    });
    const verify = summary.byFunction.find((r) => r.name.startsWith("verify"));
    assert.equal(verify?.name, "verify jose:5");
    assert.equal(verify?.busyPercent, 60);
  });

  it("when a function calls another, then its inclusive time holds its callee's", () => {
    const summary = summarizeProfile(profile, { root: "/repo" });
    const handle = summary.inclusive.find((r) => r.name.startsWith("handle"));
    assert.equal(handle?.ms, 4);
  });

  it("when a url is a scoped package, node internal or pseudo-frame, then the package label says so", () => {
    assert.equal(
      packageOf("file:///a/node_modules/.pnpm/x/node_modules/@socket.io/redis-adapter/dist/i.js", "f"),
      "@socket.io/redis-adapter",
    );
    assert.equal(packageOf("node:internal/http/server", "f"), "node:internal/http");
    assert.equal(packageOf("node:events", "f"), "node:events");
    assert.equal(packageOf("", "(program)"), "(program)");
    assert.equal(packageOf("", "writev"), "(native)");
  });
});
