"use client";

import type { CouponStatus } from "@/components/api-types";
import { summarizeStock } from "@/components/ui/stock-summary";

const barVariants = { live: "success", urgent: "danger", closed: "secondary" } as const;
const textClasses = {
  live: "text-body-secondary",
  urgent: "text-danger fw-semibold",
  closed: "text-body-secondary",
} as const;

export function StockBar({ stock, totalStock, status }: { stock: number; totalStock: number; status: CouponStatus }) {
  const summary = summarizeStock(stock, totalStock, status);
  return (
    <div data-testid="stock" data-stock={stock} data-tone={summary.tone}>
      <div className={`d-flex justify-content-between small mb-1 ${textClasses[summary.tone]}`}>
        <span data-testid="stock-summary">{summary.text}</span>
        <span data-testid="stock-text">
          {stock} / {totalStock} left
        </span>
      </div>
      {/* Bootstrap 5.3's markup, the role and name on the track: react-bootstrap's ProgressBar names the track
          but puts the role on the inner bar, which leaves the progress bar unnamed for screen readers. */}
      <div
        className="progress"
        role="progressbar"
        aria-label={`${summary.text}, ${stock} of ${totalStock} left`}
        aria-valuenow={summary.percentClaimed}
        aria-valuemin={0}
        aria-valuemax={100}
        style={{ height: "0.5rem" }}
      >
        <div
          className={`progress-bar bg-${barVariants[summary.tone]}`}
          style={{ width: `${summary.percentClaimed}%` }}
        />
      </div>
    </div>
  );
}
