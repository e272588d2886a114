"use client";

export interface SalePoint {
  /** ms since epoch */
  t: number;
  sold: number;
  remaining: number;
}

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

/** Sold vs remaining over time, as plain SVG: two lines on a shared axis from 0 to the total stock. */
export function SaleChart({ points, total }: { points: SalePoint[]; total: number }) {
  if (points.length < 2) return <p className="text-body-secondary small">Collecting data…</p>;
  const t0 = points[0]!.t;
  const t1 = points[points.length - 1]!.t;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / Math.max(1, total)) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (pick: (p: SalePoint) => number) =>
    points.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.t).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(" ");
  const last = points[points.length - 1]!;
  return (
    <figure className="mb-0">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="w-100"
        role="img"
        aria-label={`Sold ${last.sold}, remaining ${last.remaining} of ${total}`}
        data-testid="sale-chart"
      >
        <line x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} stroke="currentColor" strokeOpacity={0.3} />
        <line
          x1={PAD.left}
          y1={y(total)}
          x2={WIDTH - PAD.right}
          y2={y(total)}
          stroke="currentColor"
          strokeOpacity={0.15}
          strokeDasharray="4 4"
        />
        <text x={PAD.left - 6} y={y(0)} textAnchor="end" dominantBaseline="middle" fontSize="11">
          0
        </text>
        <text x={PAD.left - 6} y={y(total)} textAnchor="end" dominantBaseline="middle" fontSize="11">
          {total}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} textAnchor="end" fontSize="11">
          {Math.round((t1 - t0) / 1000)} s
        </text>
        <path d={line((p) => p.sold)} className="chart-line" stroke="var(--bs-success)" />
        <path d={line((p) => p.remaining)} className="chart-line" stroke="var(--bs-danger)" />
      </svg>
      <figcaption className="small d-flex gap-3">
        <span style={{ color: "var(--bs-success)" }}>━ sold</span>
        <span style={{ color: "var(--bs-danger)" }}>━ remaining</span>
      </figcaption>
    </figure>
  );
}
