"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import Container from "react-bootstrap/Container";
import Nav from "react-bootstrap/Nav";
import Navbar from "react-bootstrap/Navbar";
import AuthButtons from "@/components/auth-buttons";
import { useAuth } from "@/components/auth/use-auth";
import { formatMoney } from "@/components/format";
import { useMe } from "@/components/me/me-provider";

export function SiteHeader() {
  const pathname = usePathname();
  const { email, isAdmin, status } = useAuth();
  const { me } = useMe();
  const links = [
    { href: "/", label: "Catalogue", show: true },
    { href: "/me/coupons", label: "My coupons", show: status === "authenticated" },
    { href: "/admin", label: "Admin", show: isAdmin },
  ];
  return (
    <Navbar expand="md" bg="dark" data-bs-theme="dark" className="mb-4" collapseOnSelect>
      <Container>
        <Navbar.Brand as={Link} href="/">
          ⚡ Flash Sale
        </Navbar.Brand>
        <Navbar.Toggle aria-controls="site-nav" aria-label="Toggle navigation" />
        <Navbar.Collapse id="site-nav">
          <Nav className="me-auto" aria-label="Main">
            {links
              .filter((link) => link.show)
              .map((link) => (
                <Nav.Link
                  key={link.href}
                  as={Link}
                  href={link.href}
                  active={link.href === "/" ? pathname === "/" : pathname.startsWith(link.href)}
                  aria-current={pathname === link.href ? "page" : undefined}
                  data-testid={`nav-${link.label.toLowerCase().replaceAll(" ", "-")}`}
                >
                  {link.label}
                </Nav.Link>
              ))}
          </Nav>
          <div className="d-flex flex-column flex-md-row align-items-md-center gap-2 gap-md-3 text-light py-2 py-md-0">
            {email && (
              <span className="small" data-testid="user-email">
                {email}
              </span>
            )}
            {me && (
              <span
                className="badge text-bg-light fs-6"
                data-testid="credit"
                data-cents={me.credit}
                aria-label={`Credit ${formatMoney(me.credit)}`}
              >
                Credit {formatMoney(me.credit)}
              </span>
            )}
            <AuthButtons />
          </div>
        </Navbar.Collapse>
      </Container>
    </Navbar>
  );
}
