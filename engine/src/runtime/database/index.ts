import { createDatabase, type Database } from "db0";
import { databases } from "#edgeplate/database";

export type { Database } from "db0";

const instances = new Map<string, Database>();

/**
 * A db0 database from config `database` (`devDatabase` in dev), created on first use and reused.
 * Default: SQLite at `.data/db.sqlite` on Node.
 * @example
 * const db = useDatabase();
 * const { rows } = await db.sql`SELECT * FROM users WHERE id = ${id}`;
 */
export function useDatabase(name = "default"): Database {
  let db = instances.get(name);
  if (!db) {
    const connector = databases[name];
    if (!connector) {
      const known = Object.keys(databases);
      throw new Error(
        `[edgeplate] [database] unknown database \`${name}\`. ${known.length > 0 ? `Configured: ${known.join(", ")}.` : "None is configured."} Add it under \`database\` in edgeplate.config.ts, e.g. \`database: { ${JSON.stringify(name)}: { connector: "postgresql", options: { url } } }\`.`,
      );
    }
    db = createDatabase(connector());
    instances.set(name, db);
  }
  return db;
}
