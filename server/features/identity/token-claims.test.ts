import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractRoles, toAuthUser } from "@/server/features/identity/token-claims";

describe("extractRoles", () => {
  it("when the flat roles claim is present, then it is used", () => {
    assert.deepEqual(extractRoles({ roles: ["user", "admin"], realm_access: { roles: ["other"] } }), ["user", "admin"]);
  });

  it("when only realm_access.roles is present, then those roles are used", () => {
    assert.deepEqual(extractRoles({ realm_access: { roles: ["user"] } }), ["user"]);
  });

  it("when roles are missing or malformed, then the user has none and non-strings are dropped", () => {
    assert.deepEqual(extractRoles({}), []);
    assert.deepEqual(extractRoles({ roles: "admin" }), []);
    assert.deepEqual(extractRoles({ roles: ["user", 7, null, "admin"] }), ["user", "admin"]);
  });
});

describe("toAuthUser", () => {
  it("when sub and email are present, then they become id and email", () => {
    assert.deepEqual(toAuthUser({ sub: "abc", email: "a@example.com", roles: ["user"] }), {
      id: "abc",
      email: "a@example.com",
      roles: ["user"],
    });
  });

  it("when email is missing, then preferred_username stands in, and without either there is no user", () => {
    assert.equal(toAuthUser({ sub: "abc", preferred_username: "a@example.com" })?.email, "a@example.com");
    assert.equal(toAuthUser({ sub: "abc" }), undefined);
  });

  it("when sub is missing or longer than users.id, then there is no user", () => {
    assert.equal(toAuthUser({ email: "a@example.com" }), undefined);
    assert.equal(toAuthUser({ sub: "x".repeat(65), email: "a@example.com" }), undefined);
  });
});
