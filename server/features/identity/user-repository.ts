import { eq } from "drizzle-orm";
import { creditLedger, users } from "@/drizzle/schema";
import { db } from "@/server/infra/db";

export interface UserRecord {
  id: string;
  email: string;
  credit: number;
}

/**
 * Creates the user with its starting credit and the matching GRANT ledger row, in one transaction. INSERT IGNORE
 * makes concurrent first requests (any instance) race safely on the primary key; only the one whose insert
 * affected a row writes the grant, so the ledger sum always equals the balance. Returns whether it created the row.
 */
export async function insertUserWithGrant(user: UserRecord): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [result] = await tx.insert(users).ignore().values({ id: user.id, email: user.email, credit: user.credit });
    if (result.affectedRows !== 1) return false;
    await tx.insert(creditLedger).values({ userId: user.id, orderId: null, kind: "GRANT", amount: user.credit });
    return true;
  });
}

export async function findUserById(id: string): Promise<UserRecord | undefined> {
  const rows = await db
    .select({ id: users.id, email: users.email, credit: users.credit })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return rows[0];
}
