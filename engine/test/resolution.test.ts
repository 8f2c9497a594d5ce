import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { buildAndCopy, removeDir, startServer } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// Apps outside the repository whose node_modules also hold other majors of engine dependencies.
const engine = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")) as { dependencies: Record<string, string> };
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const cachedRoute = `import { defineCachedHandler } from "edgeplate/cache";\nexport default defineCachedHandler(() => ({ at: Date.now() }), { maxAge: 60 });\n`;

it("bundles the engine's unstorage, not another major the app has installed without listing it", async () => {
  // unstorage 2 arrives with nitro; the app never asked for it, so the default cache must not use it.
  const app = createLinkedApp({ files: { "routes/cached.ts": cachedRoute }, fakePackages: { unstorage: "2.0.0-beta.1" } });
  const out = await buildAndCopy(app);
  dirs.push(app, out);
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
  try {
    const first = await fetch(`${server.url}/cached`);
    const second = await fetch(`${server.url}/cached`);
    expect(first.status, await first.clone().text()).toBe(200);
    expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["MISS", "HIT"]);
    expect(await second.json()).toEqual(await first.json());
    expect(server.output()).not.toMatch(/unstorage|fake/);
  } finally {
    await server.stop();
  }
});

it("fails the build in one line when the app lists a version of an engine dependency outside the engine's range", async () => {
  const app = createLinkedApp({ files: { "routes/hello.ts": `export default () => "hi";\n` }, dependencies: { h3: "^1.0.0" }, fakePackages: { h3: "1.15.0" } });
  dirs.push(app);
  const error = (await build({ rootDir: app }).catch((e: Error) => e)) as Error;
  expect(error).toBeInstanceOf(Error);
  expect(error.message).toBe(
    `[edgeplate] [bundle] the app's \`h3@1.15.0\` clashes with \`edgeplate\`, which needs \`h3@${engine.dependencies.h3}\`. Install a version in that range (\`npm install h3@"${engine.dependencies.h3}"\`) or remove \`h3\` from the app's package.json.`,
  );
});

it("names the package to install and the driver that needs it when a driver's client is missing", async () => {
  const app = createLinkedApp({
    files: {
      "routes/kv.ts": `import { useStorage } from "edgeplate/storage";\nexport default async () => (await useStorage("kv").getItem("x")) ?? "none";\n`,
      "edgeplate.config.ts": `import { defineConfig } from "edgeplate/config";\nexport default defineConfig({ storage: { kv: { driver: "upstash" } } });\n`,
    },
  });
  dirs.push(app);
  const error = (await build({ rootDir: app }).catch((e: Error) => e)) as Error;
  expect(error.message).toBe("[edgeplate] [bundle] `@upstash/redis` is not installed. Run `npm install @upstash/redis` in the app to use the `upstash` storage driver.");
});
