"use client";

import Button from "react-bootstrap/Button";
import ButtonGroup from "react-bootstrap/ButtonGroup";
import type { AdminCoupon } from "@/components/api-types";
import { rowActionWords } from "@/components/admin/admin-wording";
import { rowActionsFor, type RowActionName } from "@/components/admin/row-actions-model";

/** What the buttons of every row do; the phone's cards and the desktop's rows share them. */
export interface RowActionHandlers {
  busyId: number | null;
  onEdit(coupon: AdminCoupon): void;
  onWatch(coupon: AdminCoupon): void;
  onAction(coupon: AdminCoupon, action: RowActionName): void;
}

export function RowActions({ coupon, handlers }: { coupon: AdminCoupon; handlers: RowActionHandlers }) {
  const busy = handlers.busyId === coupon.id;
  const label = (verb: string) => `${verb} ${coupon.name}`;
  return (
    <ButtonGroup size="sm" aria-label={`Actions for ${coupon.name}`} className="flex-wrap">
      <Button
        variant="outline-primary"
        onClick={() => handlers.onEdit(coupon)}
        disabled={busy}
        aria-label={label("Edit")}
        data-testid="admin-edit"
      >
        Edit
      </Button>
      <Button
        variant="outline-info"
        onClick={() => handlers.onWatch(coupon)}
        aria-label={label("Watch the live sale of")}
        data-testid="admin-live"
      >
        Live
      </Button>
      {rowActionsFor(coupon).map((a) => (
        <Button
          key={a.action}
          variant={a.variant}
          onClick={() => handlers.onAction(coupon, a.action)}
          disabled={busy || a.isDisabled}
          aria-label={label(rowActionWords[a.action].ariaVerb)}
          data-testid={`admin-${a.action}`}
        >
          {rowActionWords[a.action].text}
        </Button>
      ))}
    </ButtonGroup>
  );
}
