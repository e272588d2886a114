import { AppError } from "@/server/errors";
import { findUserById } from "@/server/features/identity/user-repository";
import type { AuthUser } from "@/server/features/identity/types";
import type { Me } from "@/contract/me";

export type { Me };

/** The caller's profile and current balance; the caller's row exists (ensured by `authenticate`). */
export async function getMe(user: AuthUser): Promise<Me> {
  const row = await findUserById(user.id);
  if (!row) throw new AppError("NOT_FOUND");
  return {
    id: row.id,
    email: row.email,
    credit: row.credit,
    roles: user.roles.filter((r) => r === "user" || r === "admin"),
  };
}
