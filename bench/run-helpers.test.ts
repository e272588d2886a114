import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { shuffled } from "@/bench/shuffled";
import { isThroughNginx } from "@/bench/target";

describe("bench target", () => {
  it("when the base is NGINX's public port, then the run goes through NGINX, else straight to the target", () => {
    assert.equal(isThroughNginx(new URL("http://127.0.0.1:8080")), true);
    assert.equal(isThroughNginx(new URL("http://127.0.0.1:3001")), false);
    assert.equal(isThroughNginx(new URL("http://127.0.0.1:8089")), false);
  });
});

describe("shuffled", () => {
  it("when a list is shuffled, then the copy holds the same items and the input is left as it was", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const copy = shuffled(items);
    assert.deepEqual(
      items,
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.deepEqual(
      [...copy].sort((a, b) => a - b),
      items,
    );
    // 50 items left in order by chance: 1 in 50!.
    assert.notDeepEqual(copy, items);
  });
});
