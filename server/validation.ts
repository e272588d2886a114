import type { z } from "zod";
import type { errorStatus as contractErrorStatus, ValidationIssue } from "@/contract/errors";
import { AppError, type errorStatus } from "@/server/errors";

/**
 * The codes and statuses the server answers are the ones the contract documents: a code added, dropped or
 * remapped on one side only fails to compile here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorStatusesMatchTheContract: Same<typeof errorStatus, typeof contractErrorStatus> = true;
void errorStatusesMatchTheContract;

/** Validates input with a zod schema; failures become 400 BAD_REQUEST listing the offending fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
  throw new AppError("BAD_REQUEST", { details: { issues } });
}
