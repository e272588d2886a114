import { z } from "zod";
import { cents } from "@/contract/common";

/** The caller's profile; `roles` lists only the roles the shop knows. */
export const me = z.object({
  id: z.string(),
  email: z.string(),
  credit: cents,
  roles: z.array(z.enum(["user", "admin"])),
});
export type Me = z.infer<typeof me>;
