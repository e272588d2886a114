/**
 * The pieces the benchmark's reports are built from (results-report.ts composes them): ratios, plain-text and
 * markdown tables, and a hand-written SVG chart (throughput and p99 per strategy; sold-vs-time per strategy).
 */

export interface StrategyRow {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  sold: number;
  stock: number;
  correct: boolean;
  soldCurve: [number, number][];
}

/** ours / theirs, rounded to 2 decimals; null when either side is missing or zero. */
export function ratio(ours: number | undefined, theirs: number | undefined): number | null {
  if (!ours || !theirs) return null;
  return Math.round((ours / theirs) * 100) / 100;
}

export function formatRatio(value: number | null): string {
  return value === null ? "n/a" : `${value.toFixed(2)}×`;
}

const escapeXml = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c] ?? c);

const palette = ["#0d6efd", "#dc3545", "#fd7e14", "#198754", "#6f42c1", "#20c997"];

function bars(
  x0: number,
  y0: number,
  width: number,
  height: number,
  title: string,
  unit: string,
  values: { label: string; value: number }[],
) {
  const max = Math.max(1, ...values.map((v) => v.value));
  const slot = width / Math.max(1, values.length);
  const parts = [`<text x="${x0}" y="${y0 - 8}" font-size="13" font-weight="bold">${escapeXml(title)}</text>`];
  parts.push(`<line x1="${x0}" y1="${y0 + height}" x2="${x0 + width}" y2="${y0 + height}" stroke="#333"/>`);
  values.forEach((v, i) => {
    const h = (v.value / max) * (height - 16);
    const x = x0 + i * slot + slot * 0.15;
    const w = slot * 0.7;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${(y0 + height - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${palette[i % palette.length]}"/>`,
    );
    parts.push(
      `<text x="${(x + w / 2).toFixed(1)}" y="${(y0 + height - h - 3).toFixed(1)}" font-size="11" text-anchor="middle">${escapeXml(`${v.value}${unit}`)}</text>`,
    );
    parts.push(
      `<text x="${(x + w / 2).toFixed(1)}" y="${y0 + height + 14}" font-size="11" text-anchor="middle">${escapeXml(v.label)}</text>`,
    );
  });
  return parts.join("\n");
}

function curves(x0: number, y0: number, width: number, height: number, rows: StrategyRow[]) {
  const maxT = Math.max(1, ...rows.flatMap((r) => r.soldCurve.map(([t]) => t)));
  const maxSold = Math.max(1, ...rows.map((r) => r.stock));
  const parts = [
    `<text x="${x0}" y="${y0 - 8}" font-size="13" font-weight="bold">Units sold vs time since the sale opened (ms)</text>`,
  ];
  parts.push(`<rect x="${x0}" y="${y0}" width="${width}" height="${height}" fill="none" stroke="#333"/>`);
  parts.push(`<text x="${x0 - 4}" y="${y0 + 10}" font-size="10" text-anchor="end">${maxSold}</text>`);
  parts.push(`<text x="${x0 - 4}" y="${y0 + height}" font-size="10" text-anchor="end">0</text>`);
  parts.push(`<text x="${x0 + width}" y="${y0 + height + 14}" font-size="10" text-anchor="end">${maxT} ms</text>`);
  rows.forEach((row, i) => {
    const points = [[0, 0] as [number, number], ...row.soldCurve]
      .map(
        ([t, sold]) =>
          `${(x0 + (t / maxT) * width).toFixed(1)},${(y0 + height - (sold / maxSold) * height).toFixed(1)}`,
      )
      .join(" ");
    const color = palette[i % palette.length];
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<rect x="${x0 + width + 12}" y="${y0 + i * 18}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${x0 + width + 26}" y="${y0 + i * 18 + 9}" font-size="11">${escapeXml(row.name)}</text>`);
  });
  return parts.join("\n");
}

/** The chart: req/s and p99 bars per strategy on top, the sold-vs-time curves below. */
export function renderChart(rows: StrategyRow[], subtitle: string): string {
  const width = 900;
  const height = 620;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="20" y="24" font-size="16" font-weight="bold">Flash-sale purchase strategies, same harness</text>`,
    `<text x="20" y="42" font-size="11" fill="#555">${escapeXml(subtitle)}</text>`,
    bars(
      40,
      80,
      380,
      220,
      "Throughput (req/s, closed loop)",
      "",
      rows.map((r) => ({ label: r.name, value: r.requestsPerSecond })),
    ),
    bars(
      480,
      80,
      380,
      220,
      "p99 latency (ms, closed loop)",
      "",
      rows.map((r) => ({ label: r.name, value: r.p99Ms })),
    ),
    curves(60, 360, 640, 220, rows),
    `</svg>`,
  ].join("\n");
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/** The same table as markdown. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}
