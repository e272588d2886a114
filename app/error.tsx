"use client";

import Link from "next/link";

// Error boundaries must be client components; this file is under app/ but imports nothing from the server.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="text-center py-5" role="alert" data-testid="error-page">
      <h1 className="h3">Something went wrong</h1>
      <p>We could not show this page. Your orders and credit are safe.</p>
      {error.digest && <p className="small text-body-secondary">Reference: {error.digest}</p>}
      <div className="d-flex justify-content-center gap-2">
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="btn btn-outline-secondary">
          Catalogue
        </Link>
      </div>
    </section>
  );
}
