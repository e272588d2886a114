import Link from "next/link";

export default function NotFound() {
  return (
    <section className="text-center py-5" data-testid="not-found">
      <p className="display-1 fw-bold text-body-secondary">404</p>
      <h1 className="h3">This page does not exist</h1>
      <p>The link may be old, or the coupon may have been removed.</p>
      <Link href="/" className="btn btn-primary">
        Back to the catalogue
      </Link>
    </section>
  );
}
