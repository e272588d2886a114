import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { saleRoomSettings } from "@/server/features/inventory/sale-room-settings";

const startMs = Date.parse("2030-01-01T10:00:00.000Z");
const endMs = Date.parse("2030-01-01T12:00:00.000Z");
const defaults = { admitPerSecond: 200, admitTtlMs: 60_000 };

describe("sale room settings", () => {
  it("when a coupon names its own rate, then the room opens with the sale, its line forms early and it expires an hour after", () => {
    const settings = saleRoomSettings(
      {
        startMs,
        endMs,
        waitingRoom: { enabled: true, prequeueMinutes: 15, admitPerSecond: 50, marginPercent: 20, proofOfWork: true },
      },
      defaults,
    );
    assert.deepEqual(settings, {
      opensAt: new Date("2030-01-01T10:00:00.000Z"),
      prequeueFrom: new Date("2030-01-01T09:45:00.000Z"),
      ratePerSecond: 50,
      marginPercent: 20,
      admitTtlMs: 60_000,
      expiresAt: new Date("2030-01-01T13:00:00.000Z"),
      proofOfWork: true,
    });
  });

  it("when a coupon names no rate, then the configured default applies; no pre-queue means joining at the opening", () => {
    const settings = saleRoomSettings(
      {
        startMs,
        endMs,
        waitingRoom: { enabled: true, prequeueMinutes: 0, admitPerSecond: null, marginPercent: 0, proofOfWork: false },
      },
      defaults,
    );
    assert.equal(settings.ratePerSecond, 200);
    assert.equal(settings.prequeueFrom.getTime(), startMs);
    assert.equal(settings.marginPercent, 0);
    assert.equal(settings.proofOfWork, false);
  });
});
