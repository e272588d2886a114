import { LRUCache } from "lru-cache";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { findUserById, insertUserWithGrant } from "@/server/features/identity/user-repository";
import type { AuthUser } from "@/server/features/identity/types";
import { globalSingleton } from "@/server/infra/global-singleton";
import { childLogger } from "@/server/infra/logger";

const log = childLogger("identity");

// Users known to exist in MySQL: once here, a request never touches the database for identity again.
// Users are never deleted, so an entry cannot go stale; the bound only caps memory.
const knownUsers = globalSingleton("identity-known-users", () => new LRUCache<string, true>({ max: 100_000 }));
// Concurrent first requests of one user share one insert; per module graph, the database's unique key covers the rest.
const inFlight = new Map<string, Promise<void>>();

/** Creates the caller's users row (with starting credit and its GRANT) on their first authenticated request. */
export async function ensureUser(user: AuthUser): Promise<void> {
  if (knownUsers.has(user.id)) return;
  // One MySQL round trip per user and process even when a burst of first requests arrives together.
  let pending = inFlight.get(user.id);
  if (!pending) {
    pending = createIfMissing(user).finally(() => inFlight.delete(user.id));
    inFlight.set(user.id, pending);
  }
  await pending;
}

async function createIfMissing(user: AuthUser): Promise<void> {
  const created = await insertUserWithGrant({ id: user.id, email: user.email, credit: env.STARTING_CREDIT_CENTS });
  if (created) {
    log.info({ userId: user.id }, "user created with starting credit");
  } else if (!(await findUserById(user.id))) {
    // The insert was ignored yet no row has this id: the e-mail belongs to another subject (e.g. a Keycloak
    // account deleted and registered again). Refuse rather than hand over someone else's balance.
    log.warn({ userId: user.id }, "e-mail already owned by another user id");
    throw new AppError("CONFLICT", { message: "This e-mail address belongs to another account." });
  }
  knownUsers.set(user.id, true);
}

/** Test hook: forget which users are known, so a test can exercise the first-request path again. */
export function forgetKnownUsers(): void {
  knownUsers.clear();
}
