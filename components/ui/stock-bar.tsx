"use client";

import ProgressBar from "react-bootstrap/ProgressBar";
import type { CouponStatus } from "@/components/api-types";
import { summarizeStock } from "@/components/ui/stock-summary";

const barVariants = { live: "success", urgent: "danger", closed: "secondary" } as const;
const textClasses = { live: "text-body-secondary", urgent: "text-danger fw-semibold", closed: "text-body-secondary" } as const;

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
      <ProgressBar
        now={summary.percentClaimed}
        variant={barVariants[summary.tone]}
        style={{ height: "0.5rem" }}
        aria-label={`${summary.text}, ${stock} of ${totalStock} left`}
      />
    </div>
  );
}
