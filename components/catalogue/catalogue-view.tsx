"use client";

import Link from "next/link";
import { Fragment, useCallback, useEffect, useState } from "react";
import Alert from "react-bootstrap/Alert";
import Button from "react-bootstrap/Button";
import Col from "react-bootstrap/Col";
import Pagination from "react-bootstrap/Pagination";
import Row from "react-bootstrap/Row";
import type { CouponPage, StockUpdateEvent } from "@/components/api-types";
import { apiFetch, isAbort } from "@/components/api-client";
import {
  arrangeCatalogue,
  CATALOGUE_PAGE_SIZE,
  catalogueFilters,
  matchesFilter,
  type CatalogueFilter,
} from "@/components/catalogue/catalogue-filter";
import { CouponCard } from "@/components/catalogue/coupon-card";
import { useStockUpdates } from "@/components/realtime/use-realtime";
import { useServerNow } from "@/components/ui/use-server-clock";
import { Loading } from "@/components/ui/loading";

/**
 * One catalogue page. `initial` is the server's render of it (null when the server could not load it); the
 * browser fetches the page once more anyway, which measures the server clock's offset and catches up with
 * anything sold between the render and the hydration. The socket keeps the stock live after that.
 */
export function CatalogueView({ page, initial }: { page: number; initial: CouponPage | null }) {
  const [data, setData] = useState<CouponPage | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [filter, setFilter] = useState<CatalogueFilter>("all");
  const now = useServerNow(data?.serverTime);

  // A new page or another try starts without the last failure, dropped while rendering so it never shows.
  const [request, setRequest] = useState({ page, attempt });
  if (request.page !== page || request.attempt !== attempt) {
    setRequest({ page, attempt });
    setError(null);
  }

  useEffect(() => {
    const controller = new AbortController();
    apiFetch<CouponPage>(`/api/coupons?page=${page}&size=${CATALOGUE_PAGE_SIZE}`, { signal: controller.signal })
      .then(setData)
      .catch((e: unknown) => {
        if (isAbort(e)) return;
        setError(e instanceof Error ? e.message : "The catalogue could not be loaded.");
      });
    return () => controller.abort();
  }, [page, attempt]);

  const onStock = useCallback((event: StockUpdateEvent) => {
    setData(
      (current) =>
        current && {
          ...current,
          items: current.items.map((c) => (c.id === event.couponId ? { ...c, stock: event.stock } : c)),
        },
    );
  }, []);
  useStockUpdates(data?.items.map((c) => c.id) ?? [], onStock);

  // A page already on screen stays there when a refresh fails; only a page with nothing to show says so.
  if (error && !data) {
    return (
      <Alert variant="danger" role="alert">
        <p className="mb-2">The catalogue could not be loaded: {error}</p>
        <Button variant="outline-danger" onClick={() => setAttempt((a) => a + 1)}>
          Try again
        </Button>
      </Alert>
    );
  }
  if (!data) {
    return <Loading label="Loading coupons…" />;
  }
  if (data.items.length === 0)
    return <p data-testid="catalogue-empty">No coupons on sale right now. Come back soon.</p>;

  const pages = Math.max(1, Math.ceil(data.total / data.size));
  // Filtered and ordered here, over the page already loaded: the list stays one cached API answer, and the
  // server clock ticking moves a coupon between filters without a fetch.
  const shown = arrangeCatalogue(data.items, filter, now);
  return (
    <>
      <div
        className="d-flex flex-wrap gap-2 mb-3"
        role="group"
        aria-label="Show coupons"
        data-testid="catalogue-filters"
      >
        {catalogueFilters.map(({ key, label }) => (
          <Button
            key={key}
            variant={filter === key ? "primary" : "outline-primary"}
            className="rounded-pill"
            aria-pressed={filter === key}
            onClick={() => setFilter(key)}
            data-testid="catalogue-filter"
            data-filter={key}
          >
            {label} <span className="visually-hidden">coupons: </span>(
            {data.items.filter((c) => matchesFilter(c, key, now)).length})
          </Button>
        ))}
      </div>
      {shown.length === 0 && (
        <p data-testid="catalogue-filter-empty">Nothing here right now. Try another view or come back soon.</p>
      )}
      <Row
        xs={1}
        sm={2}
        lg={3}
        xl={4}
        className="g-4"
        data-testid="catalogue"
        as="ul"
        role="list"
        aria-label="Coupons"
        style={{ listStyle: "none", paddingLeft: 0 }}
      >
        {shown.map((coupon) => (
          <Col as="li" key={coupon.id}>
            <CouponCard coupon={coupon} now={now} />
          </Col>
        ))}
      </Row>
      {pages > 1 && <CataloguePagination page={page} pages={pages} />}
    </>
  );
}

function CataloguePagination({ page, pages }: { page: number; pages: number }) {
  const numbers = Array.from({ length: pages }, (_, i) => i + 1).filter(
    (n) => n === 1 || n === pages || Math.abs(n - page) <= 2,
  );
  return (
    <nav aria-label="Catalogue pages" className="mt-4">
      <Pagination className="justify-content-center flex-wrap" data-testid="pagination">
        <Pagination.Prev as={Link} href={`/?page=${page - 1}`} disabled={page <= 1} aria-label="Previous page" />
        {numbers.map((n, i) => (
          <Fragment key={n}>
            {i > 0 && n - numbers[i - 1]! > 1 && <Pagination.Ellipsis disabled />}
            <Pagination.Item as={Link} href={`/?page=${n}`} active={n === page} aria-label={`Page ${n}`}>
              {n}
            </Pagination.Item>
          </Fragment>
        ))}
        <Pagination.Next as={Link} href={`/?page=${page + 1}`} disabled={page >= pages} aria-label="Next page" />
      </Pagination>
    </nav>
  );
}
