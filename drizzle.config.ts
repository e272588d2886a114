import { defineConfig } from "drizzle-kit";

// Only `generate` is used: `drizzle-kit push/migrate` fail silently on MariaDB; scripts/migrate.ts applies SQL.
export default defineConfig({
  dialect: "mysql",
  schema: "./drizzle/schema.ts",
  out: "./drizzle/migrations",
});
