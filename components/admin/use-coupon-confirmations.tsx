"use client";

import { useState, type ReactNode } from "react";
import type { AdminCoupon } from "@/components/api-types";
import type { ConfirmRequest } from "@/components/admin/confirm-dialog";
import type { RowActionName } from "@/components/admin/row-actions-model";
import {
  disableInsteadConfirmation,
  rowActionConfirmation,
  type ConfirmationWords,
} from "@/components/admin/admin-wording";

/** The questions asked before a change that cannot be taken back; feeds the console's one ConfirmDialog. */
export function useCouponConfirmations() {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);

  // Saying yes closes the dialog before the change starts, so a follow-up question can take its place.
  const ask = (words: ConfirmationWords, body: ReactNode, onConfirm: () => void) =>
    setRequest({
      title: words.title,
      body,
      confirmLabel: words.confirmLabel,
      variant: words.variant,
      onConfirm: () => {
        setRequest(null);
        onConfirm();
      },
    });

  const confirmRowAction = (coupon: AdminCoupon, action: RowActionName, run: () => void) => {
    const words = rowActionConfirmation(action);
    if (!words) return run();
    ask(
      words,
      <p>
        <strong>{coupon.name}</strong>: {words.body}
      </p>,
      run,
    );
  };

  const offerDisableInstead = (coupon: AdminCoupon, disable: () => void) => {
    const words = disableInsteadConfirmation(coupon.name);
    ask(words, <p>{words.body}</p>, disable);
  };

  return { request, cancel: () => setRequest(null), confirmRowAction, offerDisableInstead };
}
