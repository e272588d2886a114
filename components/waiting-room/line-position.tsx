import type { RoomPhase } from "@/components/waiting-room/room-line";
import { describeWait } from "@/components/waiting-room/room-line";

type InLine = Extract<RoomPhase, { kind: "in-line" }>;

/** The shopper's place in the waiting room's line, moved on live by the room's updates. */
export function LinePosition({ phase, stock }: { phase: InLine; stock: number | null }) {
  return (
    <dl className="row small mb-0 text-center" data-testid="room-line">
      <dt className="col-6 col-sm-3 fw-normal text-body-secondary">Your place</dt>
      <dd className="col-6 col-sm-3 mb-1 fw-semibold" data-testid="room-position">
        {phase.ahead + 1}
      </dd>
      <dt className="col-6 col-sm-3 fw-normal text-body-secondary">People ahead</dt>
      <dd className="col-6 col-sm-3 mb-1 fw-semibold" data-testid="room-ahead">
        {phase.ahead}
      </dd>
      <dt className="col-6 col-sm-3 fw-normal text-body-secondary">Estimated wait</dt>
      <dd className="col-6 col-sm-3 mb-1" data-testid="room-wait">
        {describeWait(phase.waitSeconds)}
      </dd>
      {stock !== null && (
        <>
          <dt className="col-6 col-sm-3 fw-normal text-body-secondary">Coupons left</dt>
          <dd className="col-6 col-sm-3 mb-1" data-testid="room-stock">
            {stock}
          </dd>
        </>
      )}
    </dl>
  );
}
