"use client";

import Link from "next/link";
import Card from "react-bootstrap/Card";
import type { Coupon } from "@/components/api-types";
import { ENDING_SOON_MS } from "@/components/catalogue/catalogue-filter";
import { CouponImage } from "@/components/ui/coupon-image";
import { liveStatus } from "@/components/ui/coupon-status";
import { Countdown } from "@/components/ui/countdown";
import { PriceTag } from "@/components/ui/price-tag";
import { StatusBadge } from "@/components/ui/status-badge";
import { StockBar } from "@/components/ui/stock-bar";

// The browser's Element Timing API records when a card's name (text in this block) was first painted, so "how soon does a shopper see
// a coupon" is measured by the browser itself (the end-to-end suite reads it). React does not type the attribute.
const cardPaintTiming = { elementtiming: "coupon-card" } as Record<string, string>;

export function CouponCard({ coupon, now }: { coupon: Coupon; now: number }) {
  const status = liveStatus(coupon, now);
  return (
    <Card className="h-100 shadow-sm" data-testid="coupon-card" data-coupon-id={coupon.id} data-status={status}>
      <CouponImage src={coupon.imageUrl} alt="" className="card-img-top object-fit-cover coupon-card-image" />
      <Card.Body className="d-flex flex-column gap-2">
        <div className="d-flex justify-content-between align-items-start gap-2">
          <Card.Title as="h2" className="h5 mb-0" {...cardPaintTiming}>
            <Link
              href={`/coupons/${coupon.id}`}
              className="stretched-link text-reset text-decoration-none"
              data-testid="coupon-link"
            >
              {coupon.name}
            </Link>
          </Card.Title>
          <StatusBadge status={status} />
        </div>
        <PriceTag price={coupon.price} listPrice={coupon.listPrice} />
        <StockBar stock={coupon.stock} totalStock={coupon.totalStock} status={status} />
        {status === "UPCOMING" && (
          <div className="small text-body-secondary">
            <Countdown targetIso={coupon.saleStart} now={now} prefix="Opens in" />
          </div>
        )}
        {coupon.room && (status === "UPCOMING" || status === "ON_SALE") && (
          <div className="small text-body-secondary" data-testid="card-waiting-room">
            Fair sale: waiting room, random order at the opening
          </div>
        )}
        {status === "ON_SALE" && Date.parse(coupon.saleEnd) - now <= ENDING_SOON_MS && (
          <div className="small text-danger">
            <Countdown targetIso={coupon.saleEnd} now={now} prefix="Ends in" />
          </div>
        )}
      </Card.Body>
    </Card>
  );
}
