"use client";

import Link from "next/link";
import Card from "react-bootstrap/Card";
import type { AdminCoupon } from "@/components/api-types";
import { RowActions, type RowActionHandlers } from "@/components/admin/row-actions";
import { SaleStateBadge } from "@/components/admin/sale-state-badge";
import { formatLocalDateTime, formatMoney } from "@/components/format";
import { CouponImage } from "@/components/ui/coupon-image";
import { StatusBadge } from "@/components/ui/status-badge";

/** A phone cannot fit eight columns: below md the same coupons come as cards with every action in reach. */
export function CouponCards({ coupons, actions }: { coupons: AdminCoupon[]; actions: RowActionHandlers }) {
  return (
    <ul className="list-unstyled d-md-none d-flex flex-column gap-3" data-testid="admin-cards" aria-label="Coupons">
      {coupons.map((c) => (
        <li key={c.id}>
          <Card data-testid="admin-card" data-coupon-id={c.id} data-sale-state={c.saleState}>
            <Card.Body className="d-flex flex-column gap-2">
              <div className="d-flex align-items-center gap-2">
                <CouponImage src={c.imageUrl} alt="" className="rounded object-fit-cover admin-thumb flex-shrink-0" />
                <div className="flex-grow-1" style={{ minWidth: 0 }}>
                  <Link href={`/coupons/${c.id}`} className="text-break fw-semibold" data-testid="admin-row-name">
                    {c.name}
                  </Link>
                  <div className="small text-body-secondary">
                    #{c.id} · {formatMoney(c.price)}
                  </div>
                </div>
              </div>
              <div className="d-flex flex-wrap align-items-center gap-2 small">
                <StatusBadge status={c.status} />
                <SaleStateBadge coupon={c} />
                <span data-testid="admin-row-stock">
                  {c.stock} / {c.totalStock} left
                </span>
                <span data-testid="admin-row-sold">{c.sold} sold</span>
              </div>
              <div className="small text-body-secondary">
                {formatLocalDateTime(c.saleStart)} – {formatLocalDateTime(c.saleEnd)}
              </div>
              <RowActions coupon={c} handlers={actions} />
            </Card.Body>
          </Card>
        </li>
      ))}
    </ul>
  );
}
