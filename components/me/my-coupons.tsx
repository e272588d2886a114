"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import Alert from "react-bootstrap/Alert";
import Badge from "react-bootstrap/Badge";
import Button from "react-bootstrap/Button";
import Spinner from "react-bootstrap/Spinner";
import Table from "react-bootstrap/Table";
import { myOrderList, type MyOrder, type MyOrders } from "@/components/api-types";
import { apiFetch, isAbort } from "@/components/api-client";
import { signInWithKeycloak, useAuth } from "@/components/auth/use-auth";
import { describeFailure, formatMoney } from "@/components/format";
import { LocalTime } from "@/components/ui/local-time";
import { usePaymentUpdates } from "@/components/realtime/use-realtime";
import { Loading } from "@/components/ui/loading";

export function MyCoupons() {
  const { token, status } = useAuth();
  const [orders, setOrders] = useState<MyOrder[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    apiFetch<MyOrders>("/api/me/orders", { token, signal: controller.signal })
      .then((body) => {
        setOrders(myOrderList(body));
        setError(null);
      })
      .catch((e: unknown) => {
        if (!isAbort(e)) setError(e instanceof Error ? e.message : "Your coupons could not be loaded.");
      });
    return () => controller.abort();
  }, [token, generation]);

  // A pending order settles while the page is open: show its result.
  usePaymentUpdates(() => setGeneration((g) => g + 1));

  if (status === "loading") return <Spinner animation="border" size="sm" role="status" aria-label="Loading" />;
  if (!token) {
    return (
      <Alert variant="info">
        <p>Log in to see your coupons.</p>
        <Button onClick={signInWithKeycloak}>Log in</Button>
      </Alert>
    );
  }
  if (error) return <Alert variant="danger">{error}</Alert>;
  if (!orders) {
    return <Loading label="Loading your coupons…" />;
  }

  const owned = orders.filter((o) => o.status === "PAID");
  const others = orders.filter((o) => o.status !== "PAID");
  return (
    <>
      <section aria-labelledby="owned-heading" className="mb-5">
        <h2 id="owned-heading" className="h4">
          Owned coupons
        </h2>
        {owned.length === 0 ? (
          <p data-testid="owned-empty">
            You have no coupons yet. <Link href="/">Browse the catalogue</Link>.
          </p>
        ) : (
          <OrdersTable orders={owned} testId="owned-coupons" />
        )}
      </section>
      {others.length > 0 && (
        <section aria-labelledby="other-heading">
          <h2 id="other-heading" className="h4">
            Other orders
          </h2>
          <OrdersTable orders={others} testId="other-orders" />
        </section>
      )}
    </>
  );
}

function OrdersTable({ orders, testId }: { orders: MyOrder[]; testId: string }) {
  return (
    <Table responsive striped hover data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Coupon</th>
          <th scope="col">Ordered</th>
          <th scope="col" className="text-end">
            Price
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr
            key={o.orderId}
            data-testid="my-order"
            data-order-id={o.orderId}
            data-coupon-id={o.couponId}
            data-status={o.status}
          >
            <td>
              <Link href={`/coupons/${o.couponId}`}>{o.couponName}</Link>
            </td>
            <td>
              <LocalTime iso={o.createdAt} />
            </td>
            <td className="text-end">{formatMoney(o.price)}</td>
            <td>
              {o.status === "PAID" && <Badge bg="success">Paid</Badge>}
              {o.status === "PENDING" && (
                <Badge bg="info" text="dark">
                  Processing
                </Badge>
              )}
              {o.status === "FAILED" && <Badge bg="danger">{describeFailure(o.failureReason)}</Badge>}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
