import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOptions } from "../src/build/index.ts";

// Inside the repo so the app resolves `edgeplate` and the platform packages.
const app = join(import.meta.dirname, ".tmp", `options-${process.pid}`);
mkdirSync(join(app, "routes"), { recursive: true });
afterAll(() => rmSync(app, { recursive: true, force: true }));

const withConfig = (config: string) => writeFileSync(join(app, "edgeplate.config.ts"), `export default ${config};\n`);

describe("config merging", () => {
  it("a storage mount or database the app names replaces the platform default whole", async () => {
    withConfig(`{
      storage: { data: { driver: "redis", url: "redis://127.0.0.1:6379" }, docs: { driver: "memory" } },
      devStorage: { data: { driver: "memory" } },
      database: { default: { connector: "better-sqlite3", options: { name: "app" } } },
    }`);
    const built = await loadOptions({ rootDir: app });
    expect(built.storage).toEqual({ data: { driver: "redis", url: "redis://127.0.0.1:6379" }, docs: { driver: "memory" } });
    expect(built.database).toEqual({ default: { connector: "better-sqlite3", options: { name: "app" } } });
    const dev = await loadOptions({ rootDir: app, dev: true });
    expect(dev.storage).toEqual({ data: { driver: "memory" }, docs: { driver: "memory" } });
    // Overrides (CLI, tests) replace a mount the config file names, too.
    const overridden = await loadOptions({ rootDir: app, overrides: { storage: { docs: { driver: "fs-lite", base: "/tmp/docs" } } } });
    expect(overridden.storage.docs).toEqual({ driver: "fs-lite", base: "/tmp/docs" });
    expect(overridden.storage.data).toEqual({ driver: "redis", url: "redis://127.0.0.1:6379" });
  });

  it("keeps the platform's default mounts the app does not name", async () => {
    withConfig(`{ storage: { docs: { driver: "memory" } } }`);
    const built = await loadOptions({ rootDir: app });
    expect(built.storage).toEqual({ data: { driver: "fs-lite", base: ".data/kv" }, docs: { driver: "memory" } });
    expect(built.database.default).toEqual({ connector: "better-sqlite3", options: { path: ".data/db.sqlite" } });
  });
});
