"use client";

// Replaces the root layout when it fails, so it renders its own <html> and cannot rely on the layout's CSS.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", textAlign: "center", padding: "3rem 1rem" }}>
        <main role="alert">
          <h1>Flash Sale is having trouble</h1>
          <p>Please try again in a moment. Your orders and credit are safe.</p>
          {error.digest && <p style={{ color: "#6c757d", fontSize: "0.875rem" }}>Reference: {error.digest}</p>}
          <button type="button" onClick={reset} style={{ padding: "0.5rem 1rem", fontSize: "1rem" }}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
