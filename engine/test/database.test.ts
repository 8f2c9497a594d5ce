import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import type { DatabaseConfig } from "../src/types/config.ts";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/database");
const { DATABASE_URL: pgUrl, MYSQL_URL: mysqlUrl } = process.env;
if (!pgUrl) console.log("[database.test] SKIPPED the Postgres checks: DATABASE_URL is not set (CI sets it; e.g. postgres://postgres@127.0.0.1:5432/test).");
if (!mysqlUrl) console.log("[database.test] SKIPPED the MySQL checks: MYSQL_URL is not set (CI sets it; e.g. mysql://root@127.0.0.1:3306/test).");

// Their URLs reach the server at run time only (EDGEPLATE_DATABASE_<NAME>_<OPTION>): `pg` names
// no option at all, `my` declares `uri` as one the environment must set.
const databases: Record<string, DatabaseConfig> = {};
const runtimeEnv: Record<string, string> = {};
if (pgUrl) {
  databases.pg = { connector: "postgresql" };
  runtimeEnv.EDGEPLATE_DATABASE_PG_URL = pgUrl;
}
if (mysqlUrl) {
  databases.my = { connector: "mysql2", options: { uri: "" } };
  runtimeEnv.EDGEPLATE_DATABASE_MY_URI = mysqlUrl;
}

let outDir: string;
let server: RunningServer;

beforeAll(async () => {
  outDir = await buildAndCopy(fixture, { output: { dir: ".output-database" }, database: databases });
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { ...runtimeEnv, EDGEPLATE_DATA_DIR: join(outDir, "state") } });
});

afterAll(async () => {
  await server?.stop();
  if (outDir) removeDir(outDir);
});

const scenario = async (name: string) => {
  const res = await fetch(`${server.url}/db/${name}`, { method: "POST" });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
};

const expected = (dialect: string) => ({
  dialect,
  inserted: [{ id: 1, name: "Ada" }],
  found: [{ name: "Ada" }],
  inside: 2,
  afterRollback: [{ id: 1, name: "Ada" }],
  afterCommit: [
    { id: 1, name: "Ada" },
    { id: 3, name: "Grace" },
  ],
});

describe("useDatabase", () => {
  it("creates, inserts, selects and runs transactions on the default SQLite database", async () => {
    expect(await scenario("default")).toEqual(expected("sqlite"));
    // `.data/db.sqlite`, moved by EDGEPLATE_DATA_DIR.
    expect(existsSync(join(outDir, "state/db.sqlite"))).toBe(true);
    expect(existsSync(join(outDir, ".data"))).toBe(false);
  });

  it.skipIf(!pgUrl)("does the same on Postgres (DATABASE_URL)", async () => {
    expect(await scenario("pg")).toEqual(expected("postgresql"));
  });

  it.skipIf(!mysqlUrl)("does the same on MySQL/MariaDB (MYSQL_URL)", async () => {
    expect(await scenario("my")).toEqual(expected("mysql"));
  });

  it("names the configured databases when asked for an unknown one", async () => {
    const { error } = (await (await fetch(`${server.url}/db-unknown`)).json()) as { error: string };
    expect(error).toMatch(/^\[edgeplate\] \[database\] unknown database `analytics`\. Configured: default/);
  });
});

describe("native dependencies in the output", () => {
  it("copies better-sqlite3 with only its runtime files, so the output runs from an empty folder", () => {
    const modules = join(outDir, ".output/server/node_modules");
    for (const file of [
      "better-sqlite3/package.json",
      "better-sqlite3/lib/index.js",
      "better-sqlite3/build/Release/better_sqlite3.node",
      "bindings/bindings.js",
      "file-uri-to-path/index.js",
    ]) {
      expect(existsSync(join(modules, file)), file).toBe(true);
    }
    // Sources and build intermediates stay behind.
    expect(existsSync(join(modules, "better-sqlite3/deps"))).toBe(false);
    expect(existsSync(join(modules, "better-sqlite3/src"))).toBe(false);
  });

  it("names the package to install when a connector's package is missing", async () => {
    const error = (await build({ rootDir: fixture, overrides: { output: { dir: ".output-database-bad" }, database: { extra: { connector: "libsql" } } } }).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).toMatch(/`@libsql\/client`.*is not installed\. Run `npm install @libsql\/client`/);
  });
});
