import type { Metadata } from "next";
import { AdminGate } from "@/components/admin/admin-gate";

export const metadata: Metadata = { title: "Coupon console", robots: { index: false } };

export default function AdminPage() {
  return <AdminGate />;
}
