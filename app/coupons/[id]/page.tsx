import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CouponDetail } from "@/components/coupon/coupon-detail";
import { getCoupon } from "@/server/features/catalogue/catalogue";
import type { CouponDetailView } from "@/server/features/catalogue/types";
import { isAppError } from "@/server/errors";

// Each request asks the catalogue: a coupon created or deleted a second ago must answer 200 or 404 accordingly.
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const coupon = await loadCoupon(parseId((await params).id));
  if (!coupon) return { title: "Coupon" };
  const description = shorten(coupon.description, 160);
  const images = coupon.imageUrl ? [{ url: coupon.imageUrl, alt: coupon.name }] : undefined;
  return {
    title: coupon.name,
    description,
    alternates: { canonical: `/coupons/${coupon.id}` },
    openGraph: {
      type: "website",
      siteName: "Flash Sale",
      title: coupon.name,
      description,
      url: `/coupons/${coupon.id}`,
      images,
    },
    twitter: { card: images ? "summary_large_image" : "summary", title: coupon.name, description },
  };
}

export default async function CouponPage({ params }: Params) {
  const couponId = parseId((await params).id);
  return <CouponDetail couponId={couponId} initial={await loadCoupon(couponId)} />;
}

function parseId(id: string): number {
  const couponId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(couponId) || couponId <= 0) notFound();
  return couponId;
}

/**
 * The coupon for the server render and the page's metadata, read once per request. Unknown or disabled coupons
 * get the 404 page and status; any other failure renders the page without it, and the browser loads and retries.
 */
const loadCoupon = cache(async (couponId: number): Promise<CouponDetailView | null> => {
  try {
    return await getCoupon(couponId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    return null;
  }
});

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
