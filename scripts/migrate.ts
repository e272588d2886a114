import { drizzle } from "drizzle-orm/mysql2";
import { migrate } from "drizzle-orm/mysql2/migrator";
import { createPool } from "@/server/infra/db";

/** Applies drizzle/migrations programmatically (drizzle-kit migrate fails without a message on MariaDB). */
async function main() {
  const pool = createPool(undefined, 1);
  try {
    await migrate(drizzle(pool), { migrationsFolder: "drizzle/migrations" });
    console.log("migrations applied");
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
