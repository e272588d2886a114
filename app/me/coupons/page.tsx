import type { Metadata } from "next";
import { MyCoupons } from "@/components/me/my-coupons";

export const metadata: Metadata = { title: "My coupons" };

export default function MyCouponsPage() {
  return (
    <>
      <h1 className="mb-4">My coupons</h1>
      <MyCoupons />
    </>
  );
}
