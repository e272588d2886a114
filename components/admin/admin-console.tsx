"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import Alert from "react-bootstrap/Alert";
import Badge from "react-bootstrap/Badge";
import Button from "react-bootstrap/Button";
import Card from "react-bootstrap/Card";
import ButtonGroup from "react-bootstrap/ButtonGroup";
import Form from "react-bootstrap/Form";
import Table from "react-bootstrap/Table";
import type { AdminCoupon, AdminCoupons, SaleAction } from "@/components/api-types";
import { ApiError, apiFetch } from "@/components/api-client";
import { ConfirmDialog, type ConfirmRequest } from "@/components/admin/confirm-dialog";
import { CouponFormModal } from "@/components/admin/coupon-form";
import { LiveSaleView } from "@/components/admin/live-sale-view";
import { saleActionFailedTitle, saleActionToast } from "@/components/admin/admin-wording";
import { formatLocalDateTime, formatMoney } from "@/components/format";
import { CouponImage } from "@/components/ui/coupon-image";
import { StatusBadge } from "@/components/ui/status-badge";
import { useToasts } from "@/components/ui/toasts";
import { Loading } from "@/components/ui/loading";

const REFRESH_MS = 5000;
const saleStateVariants = { ACTIVE: "success", PAUSED: "warning", DISABLED: "secondary" } as const;

export function AdminConsole({ token }: { token: string }) {
  const { notify } = useToasts();
  const [coupons, setCoupons] = useState<AdminCoupon[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AdminCoupon | "new" | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [watching, setWatching] = useState<AdminCoupon | null>(null);
  // Disabled coupons are retired (sold ones cannot be deleted); hidden by default so the live ones stay in view.
  const [showDisabled, setShowDisabled] = useState(false);
  const shown = coupons?.filter((c) => showDisabled || c.saleState !== "DISABLED") ?? null;

  const load = useCallback(async () => {
    try {
      const { items } = await apiFetch<AdminCoupons>("/api/admin/coupons", { token });
      setCoupons(items);
      setLoadError(null);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : "The coupons could not be loaded.");
    }
  }, [token]);

  // Stock and sold move during a sale; a light poll keeps the table honest without a socket of its own.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const report = (id: string, title: string, error: unknown) =>
    notify({
      id: `${id}-${Date.now()}`,
      title,
      body: error instanceof Error ? error.message : "Request failed.",
      variant: "danger",
    });

  const saleAction = async (coupon: AdminCoupon, action: SaleAction) => {
    setConfirm(null);
    setBusyId(coupon.id);
    try {
      await apiFetch(`/api/admin/coupons/${coupon.id}/sale`, { method: "POST", token, body: { action } });
      notify({
        id: `sale-${coupon.id}-${action}-${Date.now()}`,
        ...saleActionToast(action, coupon.name),
        variant: "success",
      });
    } catch (error) {
      report(`sale-${coupon.id}`, saleActionFailedTitle(action), error);
    } finally {
      setBusyId(null);
      await load();
    }
  };

  const remove = async (coupon: AdminCoupon) => {
    setConfirm(null);
    setBusyId(coupon.id);
    try {
      await apiFetch(`/api/admin/coupons/${coupon.id}`, { method: "DELETE", token });
      notify({
        id: `delete-${coupon.id}`,
        title: "Coupon deleted",
        body: `${coupon.name} was deleted.`,
        variant: "success",
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === "CONFLICT") {
        // Sold coupons are owned by shoppers: they can be hidden from sale, never deleted.
        setConfirm({
          title: "Coupons were already sold",
          body: (
            <p>
              {coupon.name} cannot be deleted because shoppers own some. Disable it instead? It leaves the catalogue and
              cannot be bought.
            </p>
          ),
          confirmLabel: "Disable",
          variant: "warning",
          onConfirm: () => void saleAction(coupon, "disable"),
        });
      } else report(`delete-${coupon.id}`, "Could not delete", error);
    } finally {
      setBusyId(null);
      await load();
    }
  };

  const ask = (coupon: AdminCoupon, action: SaleAction | "delete") => {
    const texts = {
      end: {
        title: "End the sale now?",
        body: "Nobody can buy it after this. Orders already placed are kept.",
        label: "End sale",
        variant: "danger",
      },
      disable: {
        title: "Disable this coupon?",
        body: "It leaves the catalogue and cannot be bought.",
        label: "Disable",
        variant: "warning",
      },
      delete: { title: "Delete this coupon?", body: "This cannot be undone.", label: "Delete", variant: "danger" },
      pause: null,
      resume: null,
    }[action];
    if (!texts) return void saleAction(coupon, action as SaleAction);
    setConfirm({
      title: texts.title,
      body: (
        <p>
          <strong>{coupon.name}</strong>: {texts.body}
        </p>
      ),
      confirmLabel: texts.label,
      variant: texts.variant,
      onConfirm: () => void (action === "delete" ? remove(coupon) : saleAction(coupon, action)),
    });
  };

  // The same actions on the phone's cards and the desktop's rows.
  const actionsFor = (c: AdminCoupon) => (
    <RowActions
      coupon={c}
      busy={busyId === c.id}
      onEdit={() => setEditing(c)}
      onAction={(a) => ask(c, a)}
      onWatch={() => setWatching(c)}
    />
  );

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <h1 className="mb-0">Coupon console</h1>
        <div className="d-flex align-items-center gap-3">
          <Form.Check
            type="switch"
            id="admin-show-disabled"
            label={`Show disabled (${coupons?.filter((c) => c.saleState === "DISABLED").length ?? 0})`}
            checked={showDisabled}
            onChange={(event) => setShowDisabled(event.currentTarget.checked)}
            data-testid="admin-show-disabled"
          />
          <Button onClick={() => setEditing("new")} data-testid="admin-new-coupon">
            New coupon
          </Button>
        </div>
      </div>
      {loadError && (
        <Alert variant="danger" data-testid="admin-load-error">
          {loadError}
        </Alert>
      )}
      {!coupons && !loadError && <Loading label="Loading coupons…" />}
      {shown && shown.length === 0 && <p>No coupons to show. Create one, or show the disabled ones.</p>}
      {shown && shown.length > 0 && (
        // A phone cannot fit eight columns: below md the same coupons come as cards with every action in reach.
        <ul className="list-unstyled d-md-none d-flex flex-column gap-3" data-testid="admin-cards" aria-label="Coupons">
          {shown.map((c) => (
            <li key={c.id}>
              <Card data-testid="admin-card" data-coupon-id={c.id} data-sale-state={c.saleState}>
                <Card.Body className="d-flex flex-column gap-2">
                  <div className="d-flex align-items-center gap-2">
                    <CouponImage
                      src={c.imageUrl}
                      alt=""
                      className="rounded object-fit-cover admin-thumb flex-shrink-0"
                    />
                    <div className="flex-grow-1" style={{ minWidth: 0 }}>
                      <Link href={`/coupons/${c.id}`} className="text-break fw-semibold" data-testid="admin-row-name">
                        {c.name}
                      </Link>
                      <div className="small text-body-secondary">
                        #{c.id} · {formatMoney(c.price)}
                      </div>
                    </div>
                  </div>
                  <div className="d-flex flex-wrap align-items-center gap-2 small">
                    <StatusBadge status={c.status} />
                    <SaleStateBadge coupon={c} />
                    <span data-testid="admin-row-stock">
                      {c.stock} / {c.totalStock} left
                    </span>
                    <span data-testid="admin-row-sold">{c.sold} sold</span>
                  </div>
                  <div className="small text-body-secondary">
                    {formatLocalDateTime(c.saleStart)} – {formatLocalDateTime(c.saleEnd)}
                  </div>
                  {actionsFor(c)}
                </Card.Body>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {shown && shown.length > 0 && (
        <Table responsive hover className="align-middle d-none d-md-table" data-testid="admin-table">
          <caption className="visually-hidden">Coupons with their sale status, stock and controls</caption>
          <thead>
            <tr>
              <th scope="col">Coupon</th>
              <th scope="col">Price</th>
              <th scope="col">Sale window</th>
              <th scope="col">Status</th>
              <th scope="col" className="text-end">
                Stock
              </th>
              <th scope="col" className="text-end">
                Sold
              </th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-testid="admin-row" data-coupon-id={c.id} data-sale-state={c.saleState}>
                <td>
                  <div className="d-flex align-items-center gap-2">
                    <CouponImage src={c.imageUrl} alt="" className="rounded object-fit-cover admin-thumb" />
                    <div>
                      <Link href={`/coupons/${c.id}`} data-testid="admin-row-name">
                        {c.name}
                      </Link>
                      <div className="small text-body-secondary">#{c.id}</div>
                    </div>
                  </div>
                </td>
                <td>{formatMoney(c.price)}</td>
                <td className="small">
                  {formatLocalDateTime(c.saleStart)} –<br />
                  {formatLocalDateTime(c.saleEnd)}
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td className="text-end" data-testid="admin-row-stock">
                  {c.stock} / {c.totalStock}
                </td>
                <td className="text-end" data-testid="admin-row-sold">
                  {c.sold}
                </td>
                <td>
                  <SaleStateBadge coupon={c} />
                </td>
                <td>{actionsFor(c)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing && (
        <CouponFormModal
          coupon={editing === "new" ? null : editing}
          token={token}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            notify({
              id: `saved-${saved.id}-${Date.now()}`,
              title: "Coupon saved",
              body: `${saved.name} was saved.`,
              variant: "success",
            });
            void load();
          }}
        />
      )}
      {watching && <LiveSaleView coupon={watching} token={token} onClose={() => setWatching(null)} />}
      <ConfirmDialog request={confirm} onCancel={() => setConfirm(null)} />
    </>
  );
}

function SaleStateBadge({ coupon }: { coupon: AdminCoupon }) {
  return (
    <Badge
      bg={saleStateVariants[coupon.saleState]}
      text={coupon.saleState === "PAUSED" ? "dark" : undefined}
      data-testid="admin-row-state"
    >
      {coupon.saleState.toLowerCase()}
    </Badge>
  );
}

/** The sale controls of a row, in order; each appears only when it applies to the coupon's state. */
const rowActions: {
  action: SaleAction | "delete";
  text: string;
  ariaVerb: string;
  variant: string;
  isShown(coupon: AdminCoupon): boolean;
  isDisabled?(coupon: AdminCoupon): boolean;
}[] = [
  {
    action: "pause",
    text: "Pause",
    ariaVerb: "Pause the sale of",
    variant: "outline-warning",
    isShown: (c) => c.saleState === "ACTIVE",
  },
  // Resume applies to a paused sale only; a disabled coupon stays retired.
  {
    action: "resume",
    text: "Resume",
    ariaVerb: "Resume the sale of",
    variant: "outline-success",
    isShown: (c) => c.saleState === "PAUSED",
  },
  {
    action: "end",
    text: "End",
    ariaVerb: "End the sale of",
    variant: "outline-danger",
    isShown: () => true,
    isDisabled: (c) => c.status === "ENDED",
  },
  {
    action: "disable",
    text: "Disable",
    ariaVerb: "Disable",
    variant: "outline-secondary",
    isShown: (c) => c.saleState !== "DISABLED",
  },
  { action: "delete", text: "Delete", ariaVerb: "Delete", variant: "outline-danger", isShown: () => true },
];

function RowActions({
  coupon,
  busy,
  onEdit,
  onAction,
  onWatch,
}: {
  coupon: AdminCoupon;
  busy: boolean;
  onEdit(): void;
  onAction(action: SaleAction | "delete"): void;
  onWatch(): void;
}) {
  const label = (verb: string) => `${verb} ${coupon.name}`;
  return (
    <ButtonGroup size="sm" aria-label={`Actions for ${coupon.name}`} className="flex-wrap">
      <Button
        variant="outline-primary"
        onClick={onEdit}
        disabled={busy}
        aria-label={label("Edit")}
        data-testid="admin-edit"
      >
        Edit
      </Button>
      <Button
        variant="outline-info"
        onClick={onWatch}
        aria-label={label("Watch the live sale of")}
        data-testid="admin-live"
      >
        Live
      </Button>
      {rowActions
        .filter((a) => a.isShown(coupon))
        .map((a) => (
          <Button
            key={a.action}
            variant={a.variant}
            onClick={() => onAction(a.action)}
            disabled={busy || a.isDisabled?.(coupon)}
            aria-label={label(a.ariaVerb)}
            data-testid={`admin-${a.action}`}
          >
            {a.text}
          </Button>
        ))}
    </ButtonGroup>
  );
}
