import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseEnv } from "@/server/env";

describe("parseEnv", () => {
  it("when nothing is set, then local defaults make a complete configuration", () => {
    const env = parseEnv({});
    assert.equal(env.REDIS_URL, "redis://127.0.0.1:6379/0");
    assert.deepEqual(env.KAFKA_BROKERS, ["127.0.0.1:9092"]);
    assert.equal(env.STARTING_CREDIT_CENTS, 10_000);
    assert.equal(env.PURCHASE_VIA_NEXT, false);
  });

  it("when several variables are invalid, then the error names every one of them", () => {
    assert.throws(
      () => parseEnv({ REDIS_URL: "not a url", PORT: "99999", KAFKA_BROKERS: "nohost" }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /REDIS_URL/);
        assert.match(error.message, /PORT/);
        assert.match(error.message, /KAFKA_BROKERS/);
        assert.match(error.message, /got "not a url"/);
        return true;
      },
    );
  });

  it("when a Redis URL has the wrong scheme, then it is refused", () => {
    assert.throws(() => parseEnv({ REDIS_URL: "http://127.0.0.1:6379" }), /REDIS_URL/);
  });
});
