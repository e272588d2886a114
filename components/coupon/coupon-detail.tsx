"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import Alert from "react-bootstrap/Alert";
import Button from "react-bootstrap/Button";
import Card from "react-bootstrap/Card";
import Col from "react-bootstrap/Col";
import Row from "react-bootstrap/Row";
import type { CouponWithClock, StockUpdateEvent } from "@/components/api-types";
import { ApiError, apiFetch, isAbort } from "@/components/api-client";
import { useAuth } from "@/components/auth/use-auth";
import { BuyPanel } from "@/components/coupon/buy-panel";
import { usePurchase } from "@/components/coupon/use-purchase";
import { useWaitingRoom } from "@/components/waiting-room/use-waiting-room";
import { useMe } from "@/components/me/me-provider";
import { useStockUpdates } from "@/components/realtime/use-realtime";
import { CouponImage } from "@/components/ui/coupon-image";
import { liveStatus } from "@/components/ui/coupon-status";
import { Countdown } from "@/components/ui/countdown";
import { LocalTime } from "@/components/ui/local-time";
import { PriceTag } from "@/components/ui/price-tag";
import { StatusBadge } from "@/components/ui/status-badge";
import { StockBar } from "@/components/ui/stock-bar";
import { useServerNow } from "@/components/ui/use-server-clock";
import { Loading } from "@/components/ui/loading";

/**
 * One coupon's page. `initial` is the server's render (null when it could not load it); the browser loads the
 * coupon once more on arrival, for the server clock's offset and anything sold since, then the socket keeps
 * the stock live.
 */
export function CouponDetail({ couponId, initial }: { couponId: number; initial: CouponWithClock | null }) {
  const auth = useAuth();
  const { me } = useMe();
  const [coupon, setCoupon] = useState<CouponWithClock | null>(initial);
  const [problem, setProblem] = useState<"not-found" | "failed" | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const now = useServerNow(coupon?.serverTime);

  useEffect(() => {
    const controller = new AbortController();
    apiFetch<CouponWithClock>(`/api/coupons/${couponId}`, { signal: controller.signal })
      .then((c) => {
        setCoupon(c);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        setProblem(error instanceof ApiError && error.status === 404 ? "not-found" : "failed");
      });
    return () => controller.abort();
  }, [couponId, generation]);

  const onStock = useCallback((event: StockUpdateEvent) => setCoupon((c) => c && { ...c, stock: event.stock }), []);
  useStockUpdates([couponId], onStock);

  const purchase = usePurchase(couponId, coupon?.name ?? `Coupon #${couponId}`, auth.token, reload);
  const status = coupon ? liveStatus(coupon, now) : "UPCOMING";
  const { room, refresh: refreshRoom } = useWaitingRoom({
    couponId,
    prequeueFrom: coupon?.room?.prequeueFrom ?? null,
    token: auth.token,
    active: ["idle", "error", "not-admitted"].includes(purchase.state.kind),
    now,
  });
  // Refused for want of an admission: the page's idea of the line was wrong, so it asks where it stands.
  useEffect(() => {
    if (purchase.state.kind === "not-admitted") refreshRoom();
  }, [purchase.state, refreshRoom]);

  // When the countdown reaches zero, fetch the coupon again so stock and status come from the server.
  const lastStatus = useRef(status);
  useEffect(() => {
    if (lastStatus.current === "UPCOMING" && status === "ON_SALE") reload();
    lastStatus.current = status;
  }, [status, reload]);

  if (problem === "not-found") {
    return (
      <Alert variant="warning" data-testid="coupon-not-found">
        <Alert.Heading as="h1">Coupon not found</Alert.Heading>
        <p>This coupon does not exist or is no longer offered.</p>
        <Link href="/">Back to the catalogue</Link>
      </Alert>
    );
  }
  if (problem === "failed" && !coupon) {
    return (
      <Alert variant="danger" role="alert">
        The coupon could not be loaded.{" "}
        <Button variant="link" className="p-0 align-baseline" onClick={reload}>
          Try again
        </Button>
      </Alert>
    );
  }
  if (!coupon) {
    return <Loading label="Loading coupon…" />;
  }

  return (
    <Row className="g-4" data-testid="coupon-detail" data-coupon-id={coupon.id}>
      <Col md={6}>
        <CouponImage
          src={coupon.imageUrl}
          alt={coupon.name}
          className="img-fluid rounded shadow-sm w-100 object-fit-cover"
        />
      </Col>
      <Col md={6}>
        <div className="d-flex align-items-center gap-2 mb-2">
          <h1 className="h2 mb-0" data-testid="coupon-name">
            {coupon.name}
          </h1>
          <StatusBadge status={status} />
        </div>
        <p className="lead" data-testid="coupon-description">
          {coupon.description}
        </p>
        <div className="mb-3">
          <PriceTag price={coupon.price} listPrice={coupon.listPrice} size="lg" />
        </div>
        <Card body className="mb-3">
          <StockBar stock={coupon.stock} totalStock={coupon.totalStock} status={status} />
          <dl className="row small mb-0 mt-3">
            <dt className="col-4">Sale opens</dt>
            <dd className="col-8" data-testid="sale-start">
              <LocalTime iso={coupon.saleStart} />
            </dd>
            <dt className="col-4">Sale closes</dt>
            <dd className={coupon.room ? "col-8" : "col-8 mb-0"} data-testid="sale-end">
              <LocalTime iso={coupon.saleEnd} />
            </dd>
            {coupon.room && (
              <>
                <dt className="col-4">Waiting room</dt>
                <dd className="col-8 mb-0" data-testid="waiting-room-opens">
                  Opens <LocalTime iso={coupon.room.prequeueFrom} />; everyone in it gets a place in random order at the
                  sale&apos;s opening
                </dd>
              </>
            )}
          </dl>
          {/* An upcoming sale's countdown is on the Buy button; saying it here too would be twice. */}
          {status === "ON_SALE" && (
            <p className="mt-2 mb-0 small text-body-secondary">
              <Countdown targetIso={coupon.saleEnd} now={now} prefix="Closes in" />
            </p>
          )}
        </Card>
        <BuyPanel
          auth={auth}
          purchase={purchase}
          status={status}
          saleStart={coupon.saleStart}
          price={coupon.price}
          credit={me?.credit ?? null}
          now={now}
          room={room}
        />
      </Col>
    </Row>
  );
}
