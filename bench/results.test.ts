import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { defaultOptions } from "@/bench/options";
import { assembleResults, brokenInvariants, requireSection, writeResults, type ResultsInput } from "@/bench/results";
import { purchaseOnlyMarkdown, renderMarkdown, renderSummary } from "@/bench/results-report";
import { fullRunSections, saleRun } from "@/bench/results-fixture";

const machine = { cpus: 2, cpuModel: "test cpu", memoryGiB: 4, node: "v20", loadAverageAtEnd: [1, 2, 3] };

function input(overrides: Partial<ResultsInput> = {}): ResultsInput {
  return {
    runId: "abcd1234",
    at: "2026-01-02T03:04:05.678Z",
    options: defaultOptions,
    machine,
    viaNginx: true,
    benchRoutes: true,
    notes: ["a note"],
    sections: fullRunSections(),
    ...overrides,
  };
}

describe("bench results", () => {
  it("when a full run is assembled, then the JSON keys keep their order and the burst closes the open runs", () => {
    const results = assembleResults(input());
    assert.deepEqual(Object.keys(results), [
      "runId",
      "at",
      "options",
      "machine",
      "target",
      "loadModel",
      "notes",
      "sales",
      "openRuns",
      "storage",
      "ceilings",
      "redisBenchmark",
      "browsing",
      "browsingInProcess",
      "fairness",
      "ratios",
      "invariantsHeld",
      "broken",
    ]);
    assert.equal(results.target, "NGINX http://127.0.0.1:8080");
    assert.deepEqual(
      results.openRuns.map((run) => [run.strategy, run.rate]),
      [
        ["ours @50%", 500],
        ["ours @80%", 800],
        ["ours @200%", 2000],
        ["settlement burst", 0],
      ],
    );
    assert.deepEqual(results.redisBenchmark.cpu, { machine: 80, redis: 95 });
    assert.equal(results.redisBenchmark.clients, 50);
    assert.equal(results.invariantsHeld, true);
    assert.equal("browsingInProcess" in (JSON.parse(JSON.stringify(results)) as object), false);
  });

  it("when ratios are computed, then ours is compared with each alternative, ceiling and sell-out time", () => {
    const { ratios } = assembleResults(input());
    assert.equal(ratios.oursVsPessimistic, 4);
    assert.equal(ratios.oursVsRouteHandler, 1.25);
    assert.equal(ratios.sellOutVsOptimistic, 8);
    assert.equal(ratios.storageScriptVsPessimistic, 3);
    assert.equal(ratios.storageScriptVsOptimistic, null);
    assert.equal(ratios.purchaseOfBareNode, 0.2);
    assert.equal(ratios.purchaseOfAppRouterNoop, null);
    assert.equal(ratios.evalshaOfIncr, 0.5);
    assert.equal(ratios.browsingMicrocacheVsNative, 3);
    assert.equal(ratios.browsingLiveOfCached, 0.5);
  });

  it("when bench routes are off, then live against cached stock comes from the in-process browsing", () => {
    const sections = fullRunSections();
    const inProcess = (callsPerSecond: number) => ({
      callsPerSecond,
      latencyMs: { p50: 1, p90: 1, p99: 2, p999: 2, max: 3, mean: 1 },
    });
    sections.browsing = { browsing: [], browsingInProcess: { live: inProcess(300), cached: inProcess(1200) } };
    const results = assembleResults(input({ sections, benchRoutes: false, viaNginx: false }));
    assert.equal(results.ratios.browsingLiveOfCached, 0.25);
    assert.equal(results.target, "DIRECT http://127.0.0.1:8080 (not through NGINX)");
    assert.match(renderMarkdown(results, "x.svg"), /Browsing in-process: live stock 300\/s/);
  });

  it("when a sale broke an invariant, then it is named with its coupon and the summary says so", () => {
    const sections = fullRunSections();
    sections.sales[2] = saleRun("pessimistic", 250, 2000, ["oversold by 1"]);
    const results = assembleResults(input({ sections }));
    assert.deepEqual(results.broken, ["pessimistic (coupon 350): oversold by 1"]);
    assert.equal(results.invariantsHeld, false);
    assert.match(renderSummary(results), /INVARIANTS BROKEN: 1$/);
    assert.match(renderMarkdown(results, "x.svg"), /- BROKEN: pessimistic \(coupon 350\): oversold by 1/);
  });

  it("when a section a later phase needs is missing, then it says which phase has not run", () => {
    assert.throws(() => requireSection({}, "sales"), /the sales phase has not run/);
    assert.deepEqual(brokenInvariants([]), []);
  });

  it("when the summary is rendered, then it carries the tables, settlements, notes and the verdict", () => {
    const summary = renderSummary(assembleResults(input()));
    assert.match(summary, /Flash-sale benchmark — NGINX http:\/\/127\.0\.0\.1:8080/);
    assert.match(summary, /redis-lua \(ours\)\s+closed\s+1000/);
    assert.match(summary, /settlement burst\s+closed\s+900/);
    assert.match(summary, /ours \/ pessimistic \(endpoint\)\s+4\.00×/);
    assert.match(summary, /purchase \/ App Router no-op\s+n\/a/);
    assert.match(summary, /Notifications: not measured/);
    assert.match(summary, /CPU during ours \(closed\): app:3001 55%$/m);
    assert.match(summary, /note: a note/);
    assert.match(summary, /All invariants held\.$/);
  });

  it("when --purchase-only sales are reported, then each run has a row and the mean closes the table", () => {
    const markdown = purchaseOnlyMarkdown([
      saleRun("redis-lua (ours)", 900, 500),
      saleRun("redis-lua (ours)", 1000, 450),
    ]);
    assert.match(markdown, /^\| sale \| req\/s \|/);
    assert.match(
      markdown,
      /\| run 2 \| 1000 \| 10 \| 40 \| 10\/10 \| ok \| 409 SOLD_OUT 30, 202 10 \| app:3001 55% \|/,
    );
    assert.match(markdown, /Mean of 2: 950 req\/s\.$/);
  });

  it("when the results are written, then the JSON, the chart and the markdown share one stamp", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "bench-results-"));
    try {
      const results = assembleResults(input());
      const stamp = await writeResults(results, dir);
      assert.equal(stamp, "2026-01-02T03-04-05-678Z");
      assert.deepEqual((await readdir(dir)).sort(), [`${stamp}.json`, `${stamp}.md`, `${stamp}.svg`]);
      assert.deepEqual(
        JSON.parse(await readFile(path.join(dir, `${stamp}.json`), "utf8")),
        JSON.parse(JSON.stringify(results)),
      );
      assert.match(
        await readFile(path.join(dir, `${stamp}.md`), "utf8"),
        new RegExp(`!\\[chart\\]\\(${stamp}\\.svg\\)`),
      );
      assert.match(await readFile(path.join(dir, `${stamp}.svg`), "utf8"), /^<svg/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
