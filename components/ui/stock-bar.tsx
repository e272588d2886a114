"use client";

import ProgressBar from "react-bootstrap/ProgressBar";

export function StockBar({ stock, totalStock }: { stock: number; totalStock: number }) {
  const percent = totalStock > 0 ? Math.round((stock / totalStock) * 100) : 0;
  const variant = percent > 50 ? "success" : percent > 15 ? "warning" : "danger";
  return (
    <div data-testid="stock" data-stock={stock}>
      <div className="d-flex justify-content-between small text-body-secondary mb-1">
        <span>Left</span>
        <span data-testid="stock-text">
          {stock} / {totalStock}
        </span>
      </div>
      <ProgressBar now={percent} variant={variant} style={{ height: "0.5rem" }} aria-label={`${stock} of ${totalStock} left`} />
    </div>
  );
}
