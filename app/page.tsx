import { CatalogueView } from "@/components/catalogue/catalogue-view";
import { CATALOGUE_PAGE_SIZE } from "@/components/catalogue/catalogue-filter";
import { catalogueLimits } from "@/server/features/catalogue/catalogue-query";
import { listCoupons } from "@/server/features/catalogue/catalogue";
import type { CouponPageView } from "@/server/features/catalogue/types";

export default async function CataloguePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { page: raw } = await searchParams;
  const page = Math.min(
    catalogueLimits.maxPage,
    Math.max(1, Number.parseInt(typeof raw === "string" ? raw : "1", 10) || 1),
  );
  const initial = await firstPaint(page);
  return (
    <>
      <header className="mb-4">
        <h1>Flash sale</h1>
        <p className="lead text-body-secondary mb-0">
          Limited coupons, sold fairly in the same second. When they are gone, they are gone.
        </p>
      </header>
      {/* Keyed by page: another page is another list, not an update of this one. */}
      <CatalogueView key={page} page={page} initial={initial} />
    </>
  );
}

/**
 * The first page of cards comes in the HTML, from the same cached catalogue the API serves, so a shopper sees
 * coupons before any JavaScript runs. When the catalogue cannot answer right now (Redis down, a rebuild in
 * progress), the page still renders and the browser fetches and retries as it would without this.
 */
async function firstPaint(page: number): Promise<CouponPageView | null> {
  try {
    return await listCoupons({ page, size: CATALOGUE_PAGE_SIZE });
  } catch {
    return null;
  }
}
