import { describeFailure } from "@/components/format";
import type { ToastMessage } from "@/components/ui/toasts";

/** The one wording of a settlement result, whichever path (socket, polling) brought it. Keyed by order id. */
export function resultToast(
  order: { orderId: string; status: "PAID" | "FAILED"; failureReason?: string | null },
  couponName: string | null | undefined,
): ToastMessage {
  const name = couponName ?? "Your coupon";
  return order.status === "PAID"
    ? { id: order.orderId, title: "It's yours", body: `${name} is now in My coupons.`, variant: "success" }
    : {
        id: order.orderId,
        title: couponName ?? "Payment failed",
        body: describeFailure(order.failureReason),
        variant: "danger",
      };
}

// Orders whose Buy panel is on screen in this tab: the panel tells their failure, so a toast would say it twice.
const toldByPanel = new Map<string, number>();

/** Marks an order as told by a mounted Buy panel until the returned function is called (on unmount). */
export function tellOnPanel(orderId: string): () => void {
  toldByPanel.set(orderId, (toldByPanel.get(orderId) ?? 0) + 1);
  return () => {
    const left = (toldByPanel.get(orderId) ?? 1) - 1;
    if (left > 0) toldByPanel.set(orderId, left);
    else toldByPanel.delete(orderId);
  };
}

/** Whether a result deserves a toast in this tab: a success always does, a failure only away from its panel. */
export function isToastWorthy(order: { orderId: string; status: "PAID" | "FAILED" }): boolean {
  return order.status === "PAID" || !toldByPanel.has(order.orderId);
}
