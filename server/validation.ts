import type { z } from "zod";
import type { ValidationIssue } from "@/contract/errors";
import { AppError } from "@/server/errors";

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
