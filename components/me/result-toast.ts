import { describeFailure } from "@/components/format";
import type { ToastMessage } from "@/components/ui/toasts";

/** The one wording of a settlement result, whichever path (socket, polling) brought it. Keyed by order id. */
export function resultToast(order: { orderId: string; status: "PAID" | "FAILED"; failureReason?: string | null }, couponName: string | null | undefined): ToastMessage {
  const name = couponName ?? "Your coupon";
  return order.status === "PAID"
    ? { id: order.orderId, title: "It's yours", body: `${name} is now in My coupons.`, variant: "success" }
    : { id: order.orderId, title: couponName ?? "Payment failed", body: describeFailure(order.failureReason), variant: "danger" };
}
