"use client";

import { Fragment, type ReactNode } from "react";
import Badge from "react-bootstrap/Badge";
import Card from "react-bootstrap/Card";
import type { RoomStats } from "@/contract/admin";
import { conversionPercent, roomStateLabel } from "@/components/admin/live-room-model";

/** The sale's waiting room, in the live sale view: the line, who may buy now, and how many of those let in did. */
export function LiveRoomStats({ room, observedRate }: { room: RoomStats; observedRate: number }) {
  const state = roomStateLabel(room.state);
  const rows: { label: string; testId: string; value: ReactNode; detail?: string }[] = [
    { label: "Waiting in line", testId: "room-waiting", value: room.waiting },
    { label: "May buy right now", testId: "room-holding", value: room.holdingAdmission },
    { label: "Let in so far", testId: "room-admitted", value: room.admitted },
    { label: "Let in but did not buy in time", testId: "room-abandoned", value: room.abandoned },
    {
      label: "Let in per second (set)",
      testId: "room-rate",
      value: room.ratePerSecond,
      detail: `${observedRate.toFixed(1)} in the last seconds`,
    },
    {
      label: "Bought after being let in",
      testId: "room-conversion",
      value: conversionPercent(room.conversion),
      detail: `${room.purchased} of ${room.admitted}`,
    },
  ];
  return (
    <Card className="mt-3" data-testid="room-stats">
      <Card.Header className="d-flex justify-content-between align-items-center">
        <span>Waiting room</span>
        <Badge bg={state.variant} data-testid="room-state" data-state={room.state}>
          {state.text}
        </Badge>
      </Card.Header>
      <Card.Body className="py-2">
        <dl className="row small mb-0">
          {rows.map((row) => (
            <Fragment key={row.testId}>
              <dt className="col-7 col-sm-5">{row.label}</dt>
              <dd className="col-5 col-sm-7">
                <span data-testid={row.testId}>{row.value}</span>
                {row.detail && <span className="text-body-secondary ms-2">{row.detail}</span>}
              </dd>
            </Fragment>
          ))}
        </dl>
        <p className="small text-body-secondary mb-0 mt-1">{room.joined} joined the line in all.</p>
      </Card.Body>
    </Card>
  );
}
