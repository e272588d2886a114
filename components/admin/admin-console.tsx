"use client";

import { useState } from "react";
import Alert from "react-bootstrap/Alert";
import Button from "react-bootstrap/Button";
import Form from "react-bootstrap/Form";
import type { AdminCoupon } from "@/components/api-types";
import { ConfirmDialog } from "@/components/admin/confirm-dialog";
import { CouponCards } from "@/components/admin/coupon-cards";
import { CouponFormModal } from "@/components/admin/coupon-form";
import { CouponTable } from "@/components/admin/coupon-table";
import { countDisabled, visibleCoupons } from "@/components/admin/coupon-visibility";
import { LiveSaleView } from "@/components/admin/live-sale-view";
import type { RowActionHandlers } from "@/components/admin/row-actions";
import { useAdminCoupons } from "@/components/admin/use-admin-coupons";
import { useCouponConfirmations } from "@/components/admin/use-coupon-confirmations";
import { Loading } from "@/components/ui/loading";

export function AdminConsole({ token }: { token: string }) {
  const confirmations = useCouponConfirmations();
  const admin = useAdminCoupons(token, { onDeleteBlocked: confirmations.offerDisableInstead });
  const [editing, setEditing] = useState<AdminCoupon | "new" | null>(null);
  const [watching, setWatching] = useState<AdminCoupon | null>(null);
  const [showDisabled, setShowDisabled] = useState(false);
  const shown = admin.coupons && visibleCoupons(admin.coupons, showDisabled);

  const actions: RowActionHandlers = {
    busyId: admin.busyId,
    onEdit: setEditing,
    onWatch: setWatching,
    onAction: (coupon, action) =>
      confirmations.confirmRowAction(
        coupon,
        action,
        // Both toast their own failures and never reject.
        () => void (action === "delete" ? admin.deleteCoupon(coupon) : admin.runSaleAction(coupon, action)),
      ),
  };

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 className="mb-0">Coupon console</h1>
        <div className="d-flex align-items-center gap-3">
          <Form.Check
            type="switch"
            id="admin-show-disabled"
            label={`Show disabled (${countDisabled(admin.coupons ?? [])})`}
            checked={showDisabled}
            onChange={(event) => setShowDisabled(event.currentTarget.checked)}
            data-testid="admin-show-disabled"
          />
          <Button onClick={() => setEditing("new")} data-testid="admin-new-coupon">
            New coupon
          </Button>
        </div>
      </div>
      {admin.loadError && (
        <Alert variant="danger" data-testid="admin-load-error">
          {admin.loadError}
        </Alert>
      )}
      {!admin.coupons && !admin.loadError && <Loading label="Loading coupons…" />}
      {shown && shown.length === 0 && <p>No coupons to show. Create one, or show the disabled ones.</p>}
      {shown && shown.length > 0 && <CouponCards coupons={shown} actions={actions} />}
      {shown && shown.length > 0 && <CouponTable coupons={shown} actions={actions} />}
      {editing && (
        <CouponFormModal
          coupon={editing === "new" ? null : editing}
          token={token}
          onClose={() => setEditing(null)}
          onSaved={admin.couponSaved}
        />
      )}
      {watching && <LiveSaleView coupon={watching} token={token} onClose={() => setWatching(null)} />}
      <ConfirmDialog request={confirmations.request} onCancel={confirmations.cancel} />
    </>
  );
}
