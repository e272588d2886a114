import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Admission, isShed } from "@/server/features/orders/admission";

describe("purchase admission (load shedding)", () => {
  it("when the cap is reached, then the next purchase is refused at once with 503 and Retry-After, without running", async () => {
    const admission = new Admission(2);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let ran = 0;
    const slow = () =>
      admission.run(async () => {
        ran += 1;
        await gate;
        return "done";
      });
    const first = slow();
    const second = slow();
    await assert.rejects(slow(), (error: { status?: number; retryAfterSeconds?: number }) => {
      assert.equal(isShed(error), true);
      assert.equal(error.status, 503);
      assert.equal(error.retryAfterSeconds, 1);
      return true;
    });
    assert.equal(ran, 2);
    assert.equal(admission.current, 2);
    release();
    assert.deepEqual(await Promise.all([first, second]), ["done", "done"]);
    assert.equal(admission.current, 0);
  });

  it("when work fails, then its slot is given back", async () => {
    const admission = new Admission(1);
    await assert.rejects(
      admission.run(async () => {
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(await admission.run(async () => 42), 42);
  });
});
