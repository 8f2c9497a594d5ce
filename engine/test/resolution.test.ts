import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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

type VercelFunction = { default: { fetch: (request: Request) => Promise<Response> } };
const vercelFunction = async (app: string) => ((await import(pathToFileURL(join(app, ".vercel/output/functions/__server.func/index.mjs")).href)) as VercelFunction).default;

it("builds `pg` for Vercel: traced with its files as on Node, and its optional `pg-native` left to Node's require", async () => {
  // Bundled, pg's optional `require("pg-native")` failed the build ("`pg-native` is not installed").
  const app = createLinkedApp({
    files: { "routes/pg.ts": `import pg from "pg";\nexport default () => ({ client: typeof pg.Client, native: pg.native });\n` },
    platforms: ["vercel"],
  });
  dirs.push(app);
  await build({ rootDir: app, overrides: { platform: "vercel" } });
  expect(existsSync(join(app, ".vercel/output/functions/__server.func/node_modules/pg/package.json"))).toBe(true);
  const res = await (await vercelFunction(app)).fetch(new Request("http://localhost/pg"));
  expect(await res.json()).toEqual({ client: "function", native: null });
});

it("bundles a package whose optional require is not installed; the require fails when reached, with Node's code", async () => {
  const pkg = {
    name: "optional-user",
    version: "1.0.0",
    main: "index.cjs",
    optionalDependencies: { "absent-dep": "^1.0.0" },
    peerDependencies: { "absent-peer": "^1.0.0" },
    peerDependenciesMeta: { "absent-peer": { optional: true } },
  };
  const index = [
    `const codeOf = (load) => { try { load(); return "loaded"; } catch (error) { return error.code; } };`,
    `exports.peer = () => codeOf(() => require("absent-peer"));`,
    `exports.dep = () => codeOf(() => require("absent-dep/sub"));`,
  ].join("\n");
  const app = createLinkedApp({
    files: {
      "node_modules/optional-user/package.json": JSON.stringify(pkg),
      "node_modules/optional-user/index.cjs": `${index}\n`,
      "routes/optional.ts": `import { dep, peer } from "optional-user";\nexport default () => ({ peer: peer(), dep: dep() });\n`,
    },
    dependencies: { "optional-user": "^1.0.0" },
    platforms: ["vercel"],
  });
  dirs.push(app);
  await build({ rootDir: app, overrides: { platform: "vercel" } });
  const res = await (await vercelFunction(app)).fetch(new Request("http://localhost/optional"));
  expect(await res.json()).toEqual({ peer: "MODULE_NOT_FOUND", dep: "MODULE_NOT_FOUND" });
});
