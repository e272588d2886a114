import type { Metadata, Viewport } from "next";
import type { Session } from "next-auth";
import { getServerSession } from "next-auth/next";
import type { ReactNode } from "react";
import "bootstrap/dist/css/bootstrap.min.css";
import "./globals.css";
import { Providers } from "@/components/layout/providers";
import { SiteHeader } from "@/components/layout/site-header";
import { env } from "@/server/env";
import { authOptions } from "@/server/features/identity/auth-options";

export const metadata: Metadata = {
  // Open Graph images and canonical links must be absolute; they are resolved against the shop's public URL.
  metadataBase: new URL(env.PUBLIC_URL),
  title: { default: "Flash Sale", template: "%s · Flash Sale" },
  description: "Limited coupons, sold fairly in the same second.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await sessionForFirstPaint();
  return (
    <html lang="en">
      <body className="d-flex flex-column min-vh-100">
        <a href="#main" className="visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-light">
          Skip to content
        </a>
        <Providers session={session}>
          <SiteHeader />
          <main id="main" className="container pb-5 flex-grow-1">
            {children}
          </main>
        </Providers>
        <footer className="border-top py-3 text-center small text-body-secondary">
          Flash Sale — limited coupons, sold fairly.
        </footer>
      </body>
    </html>
  );
}

/**
 * The shopper's session, read on the server so the header renders logged in or out from the first byte instead
 * of popping in after a fetch. Undefined (the browser then asks /api/auth/session as before) if it cannot be read.
 */
async function sessionForFirstPaint(): Promise<Session | null | undefined> {
  try {
    return await getServerSession(authOptions);
  } catch {
    return undefined;
  }
}
