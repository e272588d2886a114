import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeOrderEvent, encodeOrderEvent, orderEventMessage } from "@/server/events/order-event";

const event = {
  orderId: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
  userId: "user-1",
  couponId: 42,
  price: 1999,
  serverId: "srv-1",
  reservedAt: 1_700_000_000_000,
};

describe("order event encoding", () => {
  it("when an event is encoded and decoded, then it comes back unchanged", () => {
    assert.deepEqual(decodeOrderEvent(encodeOrderEvent(event)), event);
  });

  it("when a pending record has no server id, then it decodes with serverId null", () => {
    const { serverId: _omitted, ...record } = event;
    assert.equal(decodeOrderEvent(JSON.stringify(record)).serverId, null);
  });

  it("when the payload is not JSON or misses fields, then decoding throws", () => {
    assert.throws(() => decodeOrderEvent("not json"));
    assert.throws(() => decodeOrderEvent(JSON.stringify({ ...event, price: -1 })));
    assert.throws(() => decodeOrderEvent(JSON.stringify({ ...event, orderId: "x" })));
    assert.throws(() => decodeOrderEvent(null));
  });

  it("when a message is built, then its key is the coupon id", () => {
    assert.equal(orderEventMessage(event).key, "42");
  });
});
