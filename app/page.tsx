export default function HomePage() {
  return (
    <main className="container py-4">
      <h1>Flash Sale</h1>
      <p>Limited coupons, sold fairly in the same second.</p>
    </main>
  );
}
