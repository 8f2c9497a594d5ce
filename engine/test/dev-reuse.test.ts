import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, expect, it } from "vitest";
import { createDevController } from "../src/build/index.ts";

// Inside the repo so the app resolves `edgeplate` from the workspace.
const app = join(import.meta.dirname, ".tmp", `dev-reuse-${process.pid}`);
afterAll(() => rmSync(app, { recursive: true, force: true }));

/**
 * Writes `file` dated 10 s back: a dev server counts a file outside the source folders written
 * within the last second before it watched it as changed (dev-watch.ts `follow`), and would build again.
 */
function write(file: string, text: string) {
  mkdirSync(join(app, file, ".."), { recursive: true });
  writeFileSync(join(app, file), text);
  const past = new Date(Date.now() - 10_000);
  utimesSync(join(app, file), past, past);
}

beforeEach(() => {
  rmSync(app, { recursive: true, force: true });
  write("package.json", `{ "type": "module" }`);
  write("lib/word.ts", `export const word = "one";\n`);
  write("routes/word.ts", `import { word } from "../lib/word.ts";\nexport default () => ({ word });\n`);
});

/**
 * One dev server's life: its first answer from `/word`, and whether it came from the last dev
 * server's build (which a dev server serves from `.edgeplate/dev/0`; its own builds are 1, 2, …).
 */
async function serve(): Promise<{ body: unknown; reused: boolean }> {
  const dev = await createDevController(app);
  try {
    const body = await (await dev.fetch(new Request("http://localhost/word"))).json();
    return { body, reused: existsSync(join(app, ".edgeplate/dev/0")) };
  } finally {
    await dev.close();
  }
}

it("a dev server started again over unchanged sources serves the last one's build", async () => {
  expect(await serve()).toEqual({ body: { word: "one" }, reused: false });
  expect(await serve()).toEqual({ body: { word: "one" }, reused: true });
  expect(await serve()).toEqual({ body: { word: "one" }, reused: true });
});

it("builds again when anything the build was made of changed between two dev servers", async () => {
  await serve();
  // A file the build read (outside the routes: the scan would not see it).
  write("lib/word.ts", `export const word = "two";\n`);
  expect(await serve()).toEqual({ body: { word: "two" }, reused: false });
  // The config (its data is the key).
  write("edgeplate.config.ts", `export default { runtimeConfig: { x: 1 } };\n`);
  expect(await serve()).toEqual({ body: { word: "two" }, reused: false });
  expect(await serve()).toEqual({ body: { word: "two" }, reused: true });
  // A file added beside one the build read may change what an import resolves to.
  write("lib/other.ts", `export {};\n`);
  expect((await serve()).reused).toBe(false);
  // A new route changes the scan; package.json how imports resolve.
  write("routes/more.ts", `export default () => "more";\n`);
  expect((await serve()).reused).toBe(false);
  write("package.json", `{ "type": "module", "imports": {} }`);
  expect((await serve()).reused).toBe(false);
  expect((await serve()).reused).toBe(true);
});

it("never serves a kept build when the config holds a function (a plugin or hook whose source does not show its behaviour)", async () => {
  write("edgeplate.config.ts", `export default { hooks: { "dev:start": () => {} } };\n`);
  await serve();
  expect((await serve()).reused).toBe(false);
});

it("keeps nothing from a dev server whose last build was not current, or that failed", async () => {
  await serve();
  const dev = await createDevController(app);
  try {
    expect(await (await dev.fetch(new Request("http://localhost/word"))).json()).toEqual({ word: "one" });
    write("routes/word.ts", `export default () => ({ word: `);
    expect((await dev.fetch(new Request("http://localhost/word"))).status).toBe(500);
  } finally {
    await dev.close();
  }
  write("routes/word.ts", `import { word } from "../lib/word.ts";\nexport default () => ({ word });\n`);
  expect(await serve()).toEqual({ body: { word: "one" }, reused: false });
});
