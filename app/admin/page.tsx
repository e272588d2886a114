import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getServerSession } from "next-auth/next";
import { AdminGate } from "@/components/admin/admin-gate";
import { authOptions } from "@/server/features/identity/auth-options";

export const metadata: Metadata = { title: "Coupon console", robots: { index: false } };

export default async function AdminPage() {
  // A signed-in shopper is refused by the server (HTTP 403), not only by the client gate; a visitor without a
  // session still gets the gate, which offers to log in. The admin API checks the role again on every call.
  const session = await getServerSession(authOptions);
  if (session && !session.user.roles.includes("admin")) forbidden();
  return <AdminGate />;
}
