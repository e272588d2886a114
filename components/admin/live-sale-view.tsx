"use client";

import { useEffect, useState } from "react";
import Modal from "react-bootstrap/Modal";
import Badge from "react-bootstrap/Badge";
import Table from "react-bootstrap/Table";
import type { AdminCoupon, AdminCoupons, SaleStats as Stats } from "@/components/api-types";
import { ApiError, apiFetch } from "@/components/api-client";
import { SaleChart, type SalePoint } from "@/components/admin/sale-chart";
import { consistencyLabel, outcomeLabel } from "@/components/admin/admin-wording";
import { LiveRoomStats } from "@/components/admin/live-room-stats";
import { observedAdmissionRate, type AdmittedSample } from "@/components/admin/live-room-model";

const POLL_MS = 1000;
const KEEP_POINTS = 300;

/**
 * A running sale, watched: sold vs remaining sampled from the admin list every second, purchases per second from
 * the change, and — when the server offers /stats — whatever it reports, in a shop manager's words.
 */
export function LiveSaleView({ coupon, token, onClose }: { coupon: AdminCoupon; token: string; onClose: () => void }) {
  const [points, setPoints] = useState<SalePoint[]>([]);
  const [current, setCurrent] = useState(coupon);
  const [stats, setStats] = useState<Stats | null>(null);
  const [statsAvailable, setStatsAvailable] = useState(true);
  const [admittedSamples, setAdmittedSamples] = useState<AdmittedSample[]>([]);

  useEffect(() => {
    let stopped = false;
    let hasStats = true;
    const tick = async () => {
      try {
        const { items } = await apiFetch<AdminCoupons>("/api/admin/coupons", { token, busyRetries: 0 });
        const found = items.find((c) => c.id === coupon.id);
        if (found && !stopped) {
          setCurrent(found);
          setPoints((p) => [...p, { t: Date.now(), sold: found.sold, remaining: found.stock }].slice(-KEEP_POINTS));
        }
      } catch {
        // A missed sample leaves a gap; the next one continues the line.
      }
      if (!hasStats) return;
      try {
        const body = await apiFetch<Stats>(`/api/admin/coupons/${coupon.id}/stats`, { token, busyRetries: 0 });
        if (stopped) return;
        setStats(body);
        const room = body.room;
        if (room) setAdmittedSamples((s) => [...s, { t: Date.now(), admitted: room.admitted }].slice(-KEEP_POINTS));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 405) && error.code !== "NOT_FOUND") {
          hasStats = false;
          if (!stopped) setStatsAvailable(false);
        }
      }
    };
    // tick() swallows its own failures (a missed sample is only a gap), so it never rejects.
    void tick();
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [coupon.id, token]);

  const rate = purchasesPerSecond(points);
  const audit = consistencyLabel(stats?.audit ?? "OK");
  const outcomes = stats && Object.keys(stats.outcomes).length > 0 ? stats.outcomes : null;

  return (
    <Modal show onHide={onClose} size="lg" aria-labelledby="live-title" data-testid="live-sale-view">
      <Modal.Header closeButton closeLabel="Close">
        <Modal.Title id="live-title">Live sale — {current.name}</Modal.Title>
      </Modal.Header>
      <Modal.Body>
        <div className="d-flex flex-wrap gap-4 mb-3" aria-live="polite">
          <Metric label="Sold" value={current.sold} testId="live-sold" />
          <Metric label="Left" value={current.stock} testId="live-remaining" />
          <Metric label="Sold per second" value={rate.toFixed(1)} testId="live-rate" />
        </div>
        <SaleChart points={points} total={current.totalStock} />
        {outcomes && (
          <Table size="sm" className="mt-3" data-testid="live-outcomes">
            <caption>What happened to each try</caption>
            <tbody>
              {Object.entries(outcomes).map(([reason, count]) => (
                <tr key={reason}>
                  <th scope="row">{outcomeLabel(reason)}</th>
                  <td className="text-end">{String(count)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {stats?.room && <LiveRoomStats room={stats.room} observedRate={observedAdmissionRate(admittedSamples)} />}
        {stats && (
          <dl className="row small mt-3 mb-0" data-testid="live-health">
            <dt className="col-7 col-sm-5">Waiting for payment</dt>
            <dd className="col-5 col-sm-7" data-testid="live-pending">
              {stats.pendingSettlement}
            </dd>
            <dt className="col-7 col-sm-5">Payments still to process (whole shop)</dt>
            <dd className="col-5 col-sm-7" data-testid="live-backlog">
              {stats.kafkaLag ?? "not known right now"}
            </dd>
            <dt className="col-7 col-sm-5">Stock and orders</dt>
            <dd className="col-5 col-sm-7" data-testid="live-audit">
              <Badge bg={audit.isOk ? "success" : "danger"} className="text-wrap text-start">
                {audit.text}
              </Badge>
            </dd>
          </dl>
        )}
        {!statsAvailable && (
          <p className="small text-body-secondary mt-3 mb-0">
            What happened to each try, payments waiting and the consistency check appear when the server offers sale
            stats.
          </p>
        )}
      </Modal.Body>
    </Modal>
  );
}

function Metric({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <div>
      <div className="small text-body-secondary">{label}</div>
      <div className="fs-3 fw-semibold" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Over the last ~5 samples, so the number follows the sale rather than its whole history. */
function purchasesPerSecond(points: SalePoint[]): number {
  if (points.length < 2) return 0;
  const last = points[points.length - 1]!;
  const first = points[Math.max(0, points.length - 6)]!;
  const seconds = (last.t - first.t) / 1000;
  return seconds > 0 ? Math.max(0, (last.sold - first.sold) / seconds) : 0;
}
