import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startServer } from "./helpers.ts";

// An app outside the repository whose node_modules holds only what it depends on (as pnpm lays it
// out): `edgeplate` and the platform, linked. h3 and the drivers are the engine's, not the app's.
const app = mkdtempSync(join(tmpdir(), "edgeplate-strict-"));
afterAll(() => rmSync(app, { recursive: true, force: true }));

it("builds an app whose install does not hoist the engine's dependencies", async () => {
  mkdirSync(join(app, "routes"), { recursive: true });
  mkdirSync(join(app, "node_modules/@edgeplate"), { recursive: true });
  symlinkSync(join(import.meta.dirname, ".."), join(app, "node_modules/edgeplate"));
  symlinkSync(join(import.meta.dirname, "../../platforms/node-server"), join(app, "node_modules/@edgeplate/platform-node-server"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module", dependencies: { edgeplate: "*" } }));
  writeFileSync(join(app, "routes/[name].ts"), `import { defineHandler } from "edgeplate";\nexport default defineHandler((event) => ({ hi: event.context.params?.name }));\n`);
  // A cors rule, so the generated route-rules module imports `h3/rules` too, and a storage driver.
  writeFileSync(
    join(app, "edgeplate.config.ts"),
    `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ routeRules: { "/**": { cors: true } }, storage: { kv: { driver: "fs-lite" } } });\n`,
  );
  // Built from the app's folder by the CLI, as a user would: resolution starts there, not in the repo.
  const res = spawnSync(process.execPath, [join(import.meta.dirname, "../bin/edgeplate.mjs"), "build", "."], { cwd: app, encoding: "utf8" });
  expect(res.status, res.stdout + res.stderr).toBe(0);
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: app });
  try {
    const res = await fetch(`${server.url}/ada`);
    expect(await res.json()).toEqual({ hi: "ada" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  } finally {
    await server.stop();
  }
});
