import type { AdminCoupon } from "@/components/api-types";

/** An admin-console coupon for unit tests: an active sale, half sold; override what the test is about. */
export function adminCoupon(overrides: Partial<AdminCoupon> = {}): AdminCoupon {
  return {
    id: 1,
    name: "Pizza",
    description: "",
    price: 1999,
    listPrice: null,
    imageUrl: null,
    imageKey: null,
    stock: 5,
    totalStock: 10,
    sold: 5,
    saleStart: "2030-01-01T10:00:00.000Z",
    saleEnd: "2030-01-02T10:00:00.000Z",
    saleState: "ACTIVE",
    status: "ON_SALE",
    waitingRoom: { enabled: false, prequeueMinutes: 10, admitPerSecond: null, marginPercent: 10, proofOfWork: true },
    ...overrides,
  };
}
