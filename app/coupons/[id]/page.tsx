import { notFound } from "next/navigation";
import { CouponDetail } from "@/components/coupon/coupon-detail";

export default async function CouponPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const couponId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(couponId) || couponId <= 0) notFound();
  return <CouponDetail couponId={couponId} />;
}
