import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="text-center py-5" data-testid="forbidden">
      <p className="display-1 fw-bold text-body-secondary">403</p>
      <h1 className="h3">You are not allowed here</h1>
      <p>This page is for shop administrators. Your account can shop, but not manage coupons.</p>
      <Link href="/" className="btn btn-primary">
        Back to the catalogue
      </Link>
    </section>
  );
}
