import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "bootstrap/dist/css/bootstrap.min.css";
import "./globals.css";
import { Providers } from "@/components/layout/providers";
import { SiteHeader } from "@/components/layout/site-header";

export const metadata: Metadata = {
  title: { default: "Flash Sale", template: "%s · Flash Sale" },
  description: "Limited coupons, sold fairly in the same second.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="d-flex flex-column min-vh-100">
        <a href="#main" className="visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-light">
          Skip to content
        </a>
        <Providers>
          <SiteHeader />
          <main id="main" className="container pb-5 flex-grow-1">
            {children}
          </main>
        </Providers>
        <footer className="border-top py-3 text-center small text-body-secondary">Flash Sale — limited coupons, sold fairly.</footer>
      </body>
    </html>
  );
}
