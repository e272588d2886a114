import { notFound } from "next/navigation";
import { CouponDetail } from "@/components/coupon/coupon-detail";
import { getCoupon } from "@/server/features/catalogue/catalogue";
import { isAppError } from "@/server/http/app-error";

// Each request asks the catalogue: a coupon created or deleted a second ago must answer 200 or 404 accordingly.
export const dynamic = "force-dynamic";

export default async function CouponPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const couponId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(couponId) || couponId <= 0) notFound();
  await assertCouponExists(couponId);
  return <CouponDetail couponId={couponId} />;
}

/** Unknown or disabled coupons get the 404 page and status; any other failure lets the page load and retry itself. */
async function assertCouponExists(couponId: number) {
  try {
    await getCoupon(couponId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
  }
}
