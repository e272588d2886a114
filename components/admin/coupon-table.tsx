"use client";

import Link from "next/link";
import Table from "react-bootstrap/Table";
import type { AdminCoupon } from "@/components/api-types";
import { RowActions, type RowActionHandlers } from "@/components/admin/row-actions";
import { SaleStateBadge } from "@/components/admin/sale-state-badge";
import { formatLocalDateTime, formatMoney } from "@/components/format";
import { CouponImage } from "@/components/ui/coupon-image";
import { StatusBadge } from "@/components/ui/status-badge";

/** The desktop's view of the coupons; hidden below md, where CouponCards takes over. */
export function CouponTable({ coupons, actions }: { coupons: AdminCoupon[]; actions: RowActionHandlers }) {
  return (
    <Table responsive hover className="align-middle d-none d-md-table" data-testid="admin-table">
      <caption className="visually-hidden">Coupons with their sale status, stock and controls</caption>
      <thead>
        <tr>
          <th scope="col">Coupon</th>
          <th scope="col">Price</th>
          <th scope="col">Sale window</th>
          <th scope="col">Status</th>
          <th scope="col" className="text-end">
            Stock
          </th>
          <th scope="col" className="text-end">
            Sold
          </th>
          <th scope="col">State</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {coupons.map((c) => (
          <tr key={c.id} data-testid="admin-row" data-coupon-id={c.id} data-sale-state={c.saleState}>
            <td>
              <div className="d-flex align-items-center gap-2">
                <CouponImage src={c.imageUrl} alt="" className="rounded object-fit-cover admin-thumb" />
                <div>
                  <Link href={`/coupons/${c.id}`} data-testid="admin-row-name">
                    {c.name}
                  </Link>
                  <div className="small text-body-secondary">#{c.id}</div>
                </div>
              </div>
            </td>
            <td>{formatMoney(c.price)}</td>
            <td className="small">
              {formatLocalDateTime(c.saleStart)} –<br />
              {formatLocalDateTime(c.saleEnd)}
            </td>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td className="text-end" data-testid="admin-row-stock">
              {c.stock} / {c.totalStock}
            </td>
            <td className="text-end" data-testid="admin-row-sold">
              {c.sold}
            </td>
            <td>
              <SaleStateBadge coupon={c} />
            </td>
            <td>
              <RowActions coupon={c} handlers={actions} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
