import { CatalogueView } from "@/components/catalogue/catalogue-view";

// The catalogue is fetched by the browser from the public API: that API is cached (local LRU + Redis) and
// its stock moves live by socket anyway, so server-rendering it would only add a second cache path to keep right.
export default async function CataloguePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { page: raw } = await searchParams;
  const page = Math.max(1, Number.parseInt(typeof raw === "string" ? raw : "1", 10) || 1);
  return (
    <>
      <header className="mb-4">
        <h1>Flash sale</h1>
        <p className="lead text-body-secondary mb-0">Limited coupons, sold fairly in the same second. When they are gone, they are gone.</p>
      </header>
      <CatalogueView page={page} />
    </>
  );
}
