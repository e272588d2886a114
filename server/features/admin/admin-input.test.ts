import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { adminCouponView, type AdminCouponView } from "@/contract/admin";
import type { AdminCouponView as ServedAdminCoupon } from "@/server/features/admin/admin-coupon-view";
import { createCouponInput, isListPriceAbovePrice, updateCouponInput } from "@/server/features/admin/admin-input";

// Compile time: what the admin features answer is assignable to the contract's admin coupon.
const asContract = (served: ServedAdminCoupon): AdminCouponView => served;

const valid = {
  name: "Coupon",
  description: "",
  price: 100,
  totalStock: 10,
  saleStart: "2030-01-01T00:00:00Z",
  saleEnd: "2030-01-02T00:00:00Z",
};

describe("admin input dates", () => {
  it("when both dates sit inside MySQL TIMESTAMP's range, then the input parses", () => {
    assert.equal(createCouponInput.safeParse(valid).success, true);
    assert.equal(
      createCouponInput.safeParse({ ...valid, saleStart: "1970-01-01T00:00:01Z", saleEnd: "2038-01-19T03:14:07Z" })
        .success,
      true,
    );
  });

  for (const [field, value] of [
    ["saleStart", "1969-12-31T23:59:59Z"],
    ["saleStart", "1970-01-01T00:00:00Z"],
    ["saleStart", "0000-01-01T00:00:00Z"],
    ["saleEnd", "2038-01-19T03:14:08Z"],
    ["saleEnd", "9999-12-31T23:59:59+14:00"],
    ["saleEnd", "2038-01-19T05:00:00+01:00"],
  ] as const) {
    it(`when ${field} is ${value}, outside the TIMESTAMP range, then it is refused on create and update`, () => {
      const created = createCouponInput.safeParse({ ...valid, [field]: value });
      assert.equal(created.success, false);
      assert.ok(created.error?.issues.some((issue) => issue.path[0] === field));
      assert.equal(updateCouponInput.safeParse({ [field]: value }).success, false);
    });
  }
});

describe("admin input messages", () => {
  const messageFor = (field: string, value: unknown) =>
    createCouponInput
      .safeParse({ ...valid, [field]: value })
      .error?.issues.filter((issue) => issue.path[0] === field)
      .map((issue) => issue.message);

  it("when the price is negative, then the one message says it cannot be negative", () => {
    assert.deepEqual(messageFor("price", -500), ["The price cannot be negative."]);
    assert.deepEqual(messageFor("price", -0.5), ["The price cannot be negative."]);
  });

  it("when the price or stock is zero, fractional or too high, then each message says what to fix", () => {
    assert.deepEqual(messageFor("price", 0), ["The price must be more than $0.00."]);
    assert.deepEqual(messageFor("price", 1.5), ["The price must be whole cents."]);
    assert.deepEqual(messageFor("price", 100_000_001), ["The price can be at most $1,000,000.00."]);
    assert.deepEqual(messageFor("totalStock", -1), ["The stock cannot be negative."]);
    assert.deepEqual(messageFor("totalStock", 0), ["The stock must be at least 1."]);
    assert.deepEqual(messageFor("name", "  "), ["A name is required."]);
  });

  it("when the sale closes before it opens, then saleEnd carries the form's wording", () => {
    const parsed = createCouponInput.safeParse({ ...valid, saleEnd: valid.saleStart });
    assert.deepEqual(
      parsed.error?.issues.map((issue) => [issue.path[0], issue.message]),
      [["saleEnd", "The sale must close after it opens."]],
    );
  });
});

describe("admin input list price", () => {
  const issuesOf = (parsed: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    parsed.error?.issues.map((issue) => [issue.path[0], issue.message]);

  it("when no list price is given, or null, then the input parses and carries none", () => {
    assert.equal(createCouponInput.parse(valid).listPrice, undefined);
    assert.equal(createCouponInput.parse({ ...valid, listPrice: null }).listPrice, null);
  });

  it("when the list price is above the sale price, then it is kept in cents", () => {
    assert.equal(createCouponInput.parse({ ...valid, listPrice: 101 }).listPrice, 101);
    assert.equal(createCouponInput.parse({ ...valid, listPrice: 100_000_000 }).listPrice, 100_000_000);
  });

  for (const listPrice of [100, 99, 1]) {
    it(`when the list price is ${listPrice} against a price of 100, then listPrice says it must be higher`, () => {
      assert.deepEqual(issuesOf(createCouponInput.safeParse({ ...valid, listPrice })), [
        ["listPrice", "The list price must be higher than the sale price."],
      ]);
      assert.deepEqual(issuesOf(updateCouponInput.safeParse({ price: 100, listPrice })), [
        ["listPrice", "The list price must be higher than the sale price."],
      ]);
    });
  }

  for (const [value, message] of [
    [-1, "The list price cannot be negative."],
    [0, "The list price must be more than $0.00."],
    [150.5, "The list price must be whole cents."],
    [100_000_001, "The list price can be at most $1,000,000.00."],
    ["300", "The list price must be a number of cents."],
  ] as const) {
    it(`when the list price is ${JSON.stringify(value)}, then the one message says what to fix`, () => {
      assert.deepEqual(issuesOf(createCouponInput.safeParse({ ...valid, listPrice: value })), [["listPrice", message]]);
    });
  }

  it("when an edit names only one of the two prices, then the schema lets it through for the check against the stored row", () => {
    assert.equal(updateCouponInput.safeParse({ listPrice: 50 }).success, true);
    assert.equal(updateCouponInput.safeParse({ price: 5000 }).success, true);
    assert.deepEqual(updateCouponInput.parse({ listPrice: null }), { listPrice: null });
  });

  it("when the pair is compared, then only a list price strictly above the price passes", () => {
    assert.equal(isListPriceAbovePrice(100, null), true);
    assert.equal(isListPriceAbovePrice(100, undefined), true);
    assert.equal(isListPriceAbovePrice(100, 101), true);
    assert.equal(isListPriceAbovePrice(100, 100), false);
  });
});

describe("admin input waiting room", () => {
  const room = { enabled: true, prequeueMinutes: 10, admitPerSecond: 200, marginPercent: 10, proofOfWork: true };
  const issuesOf = (value: unknown) =>
    createCouponInput
      .safeParse({ ...valid, waitingRoom: value })
      .error?.issues.map((issue) => [issue.path.join("."), issue.message]);

  it("when no waiting room is given, then the coupon carries none (the columns' defaults apply)", () => {
    assert.equal(createCouponInput.parse(valid).waitingRoom, undefined);
  });

  it("when the settings sit at their limits, then they parse unchanged, a null rate included", () => {
    for (const waitingRoom of [
      room,
      { enabled: false, prequeueMinutes: 0, admitPerSecond: null, marginPercent: 0, proofOfWork: false },
      { enabled: true, prequeueMinutes: 1440, admitPerSecond: 100_000, marginPercent: 100, proofOfWork: true },
    ]) {
      assert.deepEqual(createCouponInput.parse({ ...valid, waitingRoom }).waitingRoom, waitingRoom);
      assert.deepEqual(updateCouponInput.parse({ waitingRoom }), { waitingRoom });
    }
  });

  for (const [field, value, message] of [
    ["prequeueMinutes", -1, "The pre-queue cannot be negative."],
    ["prequeueMinutes", 1441, "The pre-queue can be at most 1,440 minutes (a day)."],
    ["prequeueMinutes", 2.5, "The pre-queue must be a whole number of minutes, like 10."],
    ["admitPerSecond", 0, "The admission rate must be at least 1 shopper a second."],
    ["admitPerSecond", 100_001, "The admission rate can be at most 100,000 shoppers a second."],
    ["admitPerSecond", 1.5, "The admission rate must be a whole number of shoppers a second, like 200."],
    ["marginPercent", -5, "The margin cannot be negative."],
    ["marginPercent", 101, "The margin can be at most 100%."],
    ["marginPercent", "10", "The margin must be a whole percentage, like 10."],
    ["enabled", "yes", "Say whether the waiting room is on or off."],
  ] as const) {
    it(`when ${field} is ${JSON.stringify(value)}, then the one message says what to fix`, () => {
      assert.deepEqual(issuesOf({ ...room, [field]: value }), [[`waitingRoom.${field}`, message]]);
    });
  }

  it("when a setting is missing or unknown, then the room is refused rather than half set", () => {
    const { marginPercent: _omitted, ...partial } = room;
    assert.equal(createCouponInput.safeParse({ ...valid, waitingRoom: partial }).success, false);
    assert.equal(updateCouponInput.safeParse({ waitingRoom: { ...room, bots: 0 } }).success, false);
  });
});

describe("admin input and the contract", () => {
  it("when a valid body parses, then its times become dates and nothing else changes", () => {
    const parsed = createCouponInput.parse({ ...valid, name: " Coupon " });
    assert.deepEqual(parsed, {
      ...valid,
      saleStart: new Date(valid.saleStart),
      saleEnd: new Date(valid.saleEnd),
    });
    assert.deepEqual(updateCouponInput.parse({ saleEnd: valid.saleEnd }), { saleEnd: new Date(valid.saleEnd) });
  });

  it("when the server's admin view is checked against the contract's schema, then it passes", () => {
    const served: ServedAdminCoupon = {
      id: 1,
      name: "Coupon",
      description: "",
      price: 100,
      listPrice: null,
      imageUrl: null,
      imageKey: null,
      stock: 4,
      totalStock: 10,
      sold: 6,
      saleStart: valid.saleStart.replace("Z", ".000Z"),
      saleEnd: valid.saleEnd.replace("Z", ".000Z"),
      saleState: "ACTIVE",
      status: "UPCOMING",
      waitingRoom: { enabled: true, prequeueMinutes: 10, admitPerSecond: null, marginPercent: 10, proofOfWork: true },
    };
    assert.deepEqual(adminCouponView.parse(asContract(served)), served);
  });
});
