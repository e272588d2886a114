import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { waitingRoomColumns, waitingRoomOf } from "@/server/features/admin/waiting-room-columns";

describe("waiting room columns", () => {
  it("when settings are stored and read back, then every field lands in its own column and returns unchanged", () => {
    const room = { enabled: true, prequeueMinutes: 15, admitPerSecond: 120, marginPercent: 25, proofOfWork: true };
    const columns = waitingRoomColumns(room);
    assert.deepEqual(columns, {
      waitingRoom: true,
      roomPrequeueMinutes: 15,
      roomAdmitPerSecond: 120,
      roomMarginPercent: 25,
      roomProofOfWork: true,
    });
    assert.deepEqual(waitingRoomOf(columns), room);
  });

  it("when no rate of its own is set, then null is stored and read back (the configured default applies)", () => {
    const room = { enabled: false, prequeueMinutes: 0, admitPerSecond: null, marginPercent: 0, proofOfWork: false };
    assert.equal(waitingRoomColumns(room).roomAdmitPerSecond, null);
    assert.deepEqual(waitingRoomOf(waitingRoomColumns(room)), room);
  });
});
