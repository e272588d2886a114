import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseEnv } from "@/server/env";

describe("parseEnv", () => {
  it("when nothing is set, then local defaults make a complete configuration", () => {
    const env = parseEnv({});
    assert.equal(env.REDIS_URL, "redis://127.0.0.1:6380/0");
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
        assert.doesNotMatch(error.message, /not a url|99999|nohost/, "values are never echoed");
        return true;
      },
    );
  });

  it("when a Redis URL has the wrong scheme, then it is refused", () => {
    assert.throws(() => parseEnv({ REDIS_URL: "http://127.0.0.1:6379" }), /REDIS_URL/);
  });

  it("when REDIS_CLUSTER_NODES lists host:port pairs, then they are the cluster's seeds; unset means one node", () => {
    assert.deepEqual(parseEnv({}).REDIS_CLUSTER_NODES, []);
    assert.deepEqual(parseEnv({ REDIS_CLUSTER_NODES: "10.0.0.1:6379, 10.0.0.2:6379" }).REDIS_CLUSTER_NODES, [
      "10.0.0.1:6379",
      "10.0.0.2:6379",
    ]);
    assert.throws(
      () => parseEnv({ REDIS_CLUSTER_NODES: "10.0.0.1" }),
      /REDIS_CLUSTER_NODES\.0: each node must be host:port/,
    );
  });

  it("when Kafka replication is not set, then topics get one replica and one in-sync replica", () => {
    const env = parseEnv({});
    assert.deepEqual([env.KAFKA_REPLICATION_FACTOR, env.KAFKA_MIN_INSYNC_REPLICAS], [1, 1]);
    const cluster = parseEnv({ KAFKA_REPLICATION_FACTOR: "3", KAFKA_MIN_INSYNC_REPLICAS: "2" });
    assert.deepEqual([cluster.KAFKA_REPLICATION_FACTOR, cluster.KAFKA_MIN_INSYNC_REPLICAS], [3, 2]);
  });

  it("when the waiting room's settings are not set, then rooms admit 200 a second and admissions last a minute", () => {
    const env = parseEnv({});
    assert.deepEqual([env.ROOM_ADMIT_PER_SECOND_DEFAULT, env.ROOM_ADMISSION_TTL_MS], [200, 60_000]);
    const tuned = parseEnv({ ROOM_ADMIT_PER_SECOND_DEFAULT: "50", ROOM_ADMISSION_TTL_MS: "30000" });
    assert.deepEqual([tuned.ROOM_ADMIT_PER_SECOND_DEFAULT, tuned.ROOM_ADMISSION_TTL_MS], [50, 30_000]);
  });

  it("when the waiting room's default rate is not a whole number of at least 1, then it is refused", () => {
    assert.throws(() => parseEnv({ ROOM_ADMIT_PER_SECOND_DEFAULT: "0" }), /ROOM_ADMIT_PER_SECOND_DEFAULT/);
    assert.throws(() => parseEnv({ ROOM_ADMIT_PER_SECOND_DEFAULT: "2.5" }), /ROOM_ADMIT_PER_SECOND_DEFAULT/);
    assert.throws(() => parseEnv({ ROOM_ADMISSION_TTL_MS: "soon" }), /ROOM_ADMISSION_TTL_MS/);
  });

  it("when the room's proof of work is not configured, then it is on at 64 puzzles of 13 bits; it can be switched off", () => {
    const env = parseEnv({});
    assert.deepEqual([env.ROOM_PROOF_OF_WORK, env.ROOM_POW_PUZZLES, env.ROOM_POW_DIFFICULTY_BITS], [true, 64, 13]);
    const off = parseEnv({ ROOM_PROOF_OF_WORK: "false", ROOM_POW_PUZZLES: "8", ROOM_POW_DIFFICULTY_BITS: "0" });
    assert.deepEqual([off.ROOM_PROOF_OF_WORK, off.ROOM_POW_PUZZLES, off.ROOM_POW_DIFFICULTY_BITS], [false, 8, 0]);
  });

  it("when the proof of work's size is out of range, then it is refused", () => {
    assert.throws(() => parseEnv({ ROOM_POW_PUZZLES: "0" }), /ROOM_POW_PUZZLES/);
    assert.throws(() => parseEnv({ ROOM_POW_DIFFICULTY_BITS: "25" }), /ROOM_POW_DIFFICULTY_BITS/);
    assert.throws(() => parseEnv({ ROOM_PROOF_OF_WORK: "maybe" }), /ROOM_PROOF_OF_WORK/);
  });

  it("when a secret is invalid, then the message names it without its value", () => {
    assert.throws(
      () => parseEnv({ NEXTAUTH_SECRET: "short-secret", DATABASE_URL: "mysql://u:hunter2-not-a-url" }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /NEXTAUTH_SECRET/);
        assert.doesNotMatch(error.message, /short-secret|hunter2/);
        return true;
      },
    );
  });
});

describe("parseEnv in production", () => {
  const strong = {
    NODE_ENV: "production",
    NEXTAUTH_SECRET: "q7V2mX9pL4rT8wZ1nB6cF3hJ5kD0sG2a",
    KEYCLOAK_CLIENT_SECRET: "Zr8kP2vN6qW4tY9x",
    S3_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzx",
    DATABASE_URL: "mysql://flashsale:Pq3%40r7Tz9Lm2@db:3306/flashsale",
  };

  it("when every secret is its own and no test switch is on, then production starts", () => {
    assert.equal(parseEnv(strong).NODE_ENV, "production");
  });

  it("when the secrets are the development defaults, then each one is named and none is shown", () => {
    assert.throws(
      () => parseEnv({ NODE_ENV: "production" }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const name of ["NEXTAUTH_SECRET", "KEYCLOAK_CLIENT_SECRET", "S3_SECRET_ACCESS_KEY", "DATABASE_URL"]) {
          assert.match(error.message, new RegExp(`${name}: .*development default`));
        }
        assert.doesNotMatch(error.message, /dev-only-nextauth|flashsale-web-dev-secret|S3RVER|flashsale:flashsale/);
        return true;
      },
    );
  });

  it("when a secret is too short, then it is refused by name", () => {
    assert.throws(
      () => parseEnv({ ...strong, KEYCLOAK_CLIENT_SECRET: "tiny-but-unique" }),
      /KEYCLOAK_CLIENT_SECRET: .*at least 16/,
    );
    assert.throws(
      () => parseEnv({ ...strong, DATABASE_URL: "mysql://flashsale:abc123@db:3306/flashsale" }),
      /DATABASE_URL: its password must be at least 12/,
    );
  });

  it("when a test-only switch is on, then production refuses it", () => {
    assert.throws(
      () => parseEnv({ ...strong, ALLOW_TEST_CLIENT: "true" }),
      /ALLOW_TEST_CLIENT: must be off in production/,
    );
    assert.throws(
      () => parseEnv({ ...strong, BENCH_STRATEGIES_ENABLED: "1" }),
      /BENCH_STRATEGIES_ENABLED: must be off in production/,
    );
  });

  it("when the local stack says it is local, or Next is building, then the defaults pass", () => {
    assert.equal(
      parseEnv({ NODE_ENV: "production", FLASHSALE_LOCAL_STACK: "true", ALLOW_TEST_CLIENT: "true" }).ALLOW_TEST_CLIENT,
      true,
    );
    assert.equal(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).NODE_ENV, "production");
  });

  it("when the database URL is broken, then it is named once and the check does not crash", () => {
    assert.throws(
      () => parseEnv({ ...strong, DATABASE_URL: "mysql://u:%E0@db/x" }),
      /DATABASE_URL: its password must be/,
    );
    assert.throws(() => parseEnv({ ...strong, DATABASE_URL: "nonsense" }), /DATABASE_URL: must be a URL/);
  });
});
