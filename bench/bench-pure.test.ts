import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseStat } from "@/bench/cpu";
import { downsample, outcomeOf } from "@/bench/http-phase";
import { newHistogram, summarize } from "@/bench/load";
import { defaultOptions, OptionsError, parseOptions } from "@/bench/options";
import { parseRedisBenchmarkCsv } from "@/bench/redis-benchmark-csv";
import { formatRatio, markdownTable, ratio, renderChart, table } from "@/bench/report";

describe("bench options", () => {
  it("when no flag is given, then the defaults apply", () => {
    assert.deepEqual(parseOptions([]), defaultOptions);
  });

  it("when --quick and explicit flags are given, then the explicit ones win", () => {
    const options = parseOptions(["--quick", "--users", "900", "--stock=30", "--base", "http://127.0.0.1:3011/"]);
    assert.equal(options.quick, true);
    assert.equal(options.users, 900);
    assert.equal(options.stock, 30);
    assert.equal(options.base, "http://127.0.0.1:3011");
    assert.equal(options.duration, 4);
  });

  it("when the shoppers are fewer than the coupons or a flag is unknown, then it refuses", () => {
    assert.throws(() => parseOptions(["--users", "10", "--stock", "20"]), OptionsError);
    assert.throws(() => parseOptions(["--nope", "1"]), OptionsError);
    assert.throws(() => parseOptions(["--duration", "-3"]), OptionsError);
  });
});

describe("bench measuring helpers", () => {
  it("when latencies are recorded in microseconds, then the summary reports milliseconds", () => {
    const histogram = newHistogram();
    for (let i = 1; i <= 1000; i += 1) histogram.recordValue(i * 1000);
    const summary = summarize(histogram);
    assert.ok(Math.abs(summary.p50 - 500) < 2, String(summary.p50));
    assert.ok(Math.abs(summary.p99 - 990) < 3, String(summary.p99));
    assert.ok(summary.max >= 999);
  });

  it("when answers come back, then they are classified by their error code", () => {
    assert.equal(outcomeOf(202, '{"orderId":"x"}'), "ACCEPTED");
    assert.equal(outcomeOf(200, "{}"), "PAID");
    assert.equal(outcomeOf(409, '{"error":"SOLD_OUT","message":"Sold out."}'), "SOLD_OUT");
    assert.equal(outcomeOf(502, "<html>"), "HTTP_502");
    assert.equal(outcomeOf(0, ""), "NETWORK_ERROR");
  });

  it("when a curve is longer than the budget, then it is thinned and keeps its last point", () => {
    const curve: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i, i + 1]);
    const thin = downsample(curve, 10);
    assert.equal(thin.length, 11);
    assert.deepEqual(thin.at(-1), [999, 1000]);
  });

  it("when /proc/<pid>/stat has spaces in the command, then ppid and cpu ticks are still read", () => {
    const line = "1234 (node server (x)) S 42 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 0 0";
    assert.deepEqual(parseStat(line), { ppid: 42, ticks: 300 });
  });

  it("when redis-benchmark prints csv, then rps and percentiles are parsed", () => {
    const csv =
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"\n"INCR k","51020.41","0.675","0.024","0.351","2.127","3.127","16.943"\n';
    assert.deepEqual(parseRedisBenchmarkCsv(csv), [
      { command: "INCR k", requestsPerSecond: 51020.41, p50Ms: 0.351, p99Ms: 3.127 },
    ]);
  });
});

describe("bench report", () => {
  it("when a side is missing or zero, then the ratio is n/a", () => {
    assert.equal(ratio(300, 100), 3);
    assert.equal(ratio(1, 3), 0.33);
    assert.equal(ratio(300, 0), null);
    assert.equal(ratio(undefined, 5), null);
    assert.equal(formatRatio(null), "n/a");
    assert.equal(formatRatio(2.5), "2.50×");
  });

  it("when tables are rendered, then columns line up and markdown has a separator row", () => {
    const text = table(
      ["a", "n"],
      [
        ["x", 1],
        ["long", 100],
      ],
    ).split("\n");
    assert.equal(new Set(text.map((l) => l.length)).size, 1);
    assert.equal(markdownTable(["a", "b"], [[1, 2]]), "| a | b |\n|---|---|\n| 1 | 2 |");
  });

  it("when the chart is drawn, then it is one SVG with a bar per strategy, a curve per strategy and escaped text", () => {
    const svg = renderChart(
      [
        {
          name: "ours",
          requestsPerSecond: 4000,
          p99Ms: 30,
          sold: 50,
          stock: 50,
          correct: true,
          soldCurve: [
            [5, 25],
            [10, 50],
          ],
        },
        { name: "a<b", requestsPerSecond: 1000, p99Ms: 80, sold: 50, stock: 50, correct: true, soldCurve: [[40, 50]] },
      ],
      "subtitle & more",
    );
    assert.ok(svg.startsWith("<svg") && svg.endsWith("</svg>"));
    assert.equal((svg.match(/<polyline/g) ?? []).length, 2);
    assert.equal((svg.match(/<rect x=/g) ?? []).length, 2 * 2 + 1 + 2);
    assert.ok(svg.includes("a&lt;b") && svg.includes("subtitle &amp; more"));
  });
});
