import { drizzle, type MySql2Database } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { env } from "@/server/env";
import { globalSingleton } from "@/server/infra/global-singleton";
import * as schema from "@/drizzle/schema";

export type Database = MySql2Database<typeof schema>;

export function createPool(databaseUrl = env.DATABASE_URL, connectionLimit = env.DB_POOL_SIZE) {
  return mysql.createPool({
    uri: databaseUrl,
    connectionLimit,
    // Every timestamp is UTC on the wire and in the columns, whatever the host's zone.
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    enableKeepAlive: true,
  });
}

export const pool = globalSingleton("mysql-pool", () => {
  const created = createPool();
  created.on("connection", (connection) => {
    connection.query("SET time_zone = '+00:00'");
  });
  return created;
});

export const db: Database = globalSingleton("drizzle", () => drizzle(pool, { schema, mode: "default" }));
