"use client";

import { useCallback, useEffect, useState } from "react";
import type { AdminCoupon, AdminCoupons, SaleAction } from "@/components/api-types";
import { ApiError, apiFetch } from "@/components/api-client";
import {
  couponDeletedToast,
  couponSavedToast,
  deleteFailedTitle,
  loadFailedText,
  requestFailedText,
  saleActionFailedTitle,
  saleActionToast,
} from "@/components/admin/admin-wording";
import { useToasts } from "@/components/ui/toasts";

const REFRESH_MS = 5000;

export interface AdminCouponsOptions {
  /** A delete refused because shoppers own some; `disable` retires the coupon instead. */
  onDeleteBlocked: (coupon: AdminCoupon, disable: () => void) => void;
}

/** The admin's coupons, kept fresh by polling, and the changes made to them, each answered by a toast. */
export function useAdminCoupons(token: string, { onDeleteBlocked }: AdminCouponsOptions) {
  const { notify } = useToasts();
  const [coupons, setCoupons] = useState<AdminCoupon[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const { items } = await apiFetch<AdminCoupons>("/api/admin/coupons", { token });
      setCoupons(items);
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : loadFailedText);
    }
  }, [token]);

  // Stock and sold move during a sale; a light poll keeps the table honest without a socket of its own.
  // load() reports its own failures in loadError and never rejects, so these calls need not be awaited.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after its fetch resolves, never synchronously
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const report = (id: string, title: string, error: unknown) =>
    notify({
      id: `${id}-${Date.now()}`,
      title,
      body: error instanceof Error ? error.message : requestFailedText,
      variant: "danger",
    });

  const runSaleAction = async (coupon: AdminCoupon, action: SaleAction) => {
    setBusyId(coupon.id);
    try {
      await apiFetch(`/api/admin/coupons/${coupon.id}/sale`, { method: "POST", token, body: { action } });
      notify({
        id: `sale-${coupon.id}-${action}-${Date.now()}`,
        ...saleActionToast(action, coupon.name),
        variant: "success",
      });
    } catch (error) {
      report(`sale-${coupon.id}`, saleActionFailedTitle(action), error);
    } finally {
      setBusyId(null);
      await load();
    }
  };

  const deleteCoupon = async (coupon: AdminCoupon) => {
    setBusyId(coupon.id);
    try {
      await apiFetch(`/api/admin/coupons/${coupon.id}`, { method: "DELETE", token });
      notify({ id: `delete-${coupon.id}`, ...couponDeletedToast(coupon.name), variant: "success" });
    } catch (error) {
      // Sold coupons are owned by shoppers: they can be hidden from sale, never deleted.
      // runSaleAction toasts its own failure and never rejects.
      if (error instanceof ApiError && error.code === "CONFLICT")
        onDeleteBlocked(coupon, () => void runSaleAction(coupon, "disable"));
      else report(`delete-${coupon.id}`, deleteFailedTitle, error);
    } finally {
      setBusyId(null);
      await load();
    }
  };

  /** The form saves by itself; the console only confirms it and shows the new figures. */
  const couponSaved = (saved: AdminCoupon) => {
    notify({ id: `saved-${saved.id}-${Date.now()}`, ...couponSavedToast(saved.name), variant: "success" });
    void load();
  };

  return { coupons, loadError, busyId, runSaleAction, deleteCoupon, couponSaved };
}
