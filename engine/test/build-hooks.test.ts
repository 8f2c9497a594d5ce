import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, createDevController, loadOptions } from "../src/build/index.ts";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";
import { unresolvedImportMessage } from "../src/build/plugins/index.ts";

// Nitro's build hooks (`hooks` in the config) and its `alias` / tsconfig `paths`, in apps outside
// the repository. Hooks write to a log file in the app, which the test reads back.
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function app(files: Record<string, string>): string {
  const dir = createLinkedApp({ files });
  dirs.push(dir, `${dir}.hooks.log`);
  return dir;
}

// Beside the app, not in it: `edgeplate dev` rebuilds on any write in the app's folder.
const log = (dir: string) => (existsSync(`${dir}.hooks.log`) ? readFileSync(`${dir}.hooks.log`, "utf8").trim().split("\n") : []);

const hooksConfig = `import { appendFileSync } from "node:fs";
import { defineConfig, serverFetch } from "edgeplate";
const note = (line: string) => appendFileSync(import.meta.dirname + ".hooks.log", line + "\\n");
export default defineConfig({
  hooks: {
    "build:before": (ctx) => note("build:before " + (ctx.options.rootDir === import.meta.dirname) + " " + typeof ctx.hooks.hook),
    "rollup:before": (ctx, config) => {
      note("rollup:before " + Object.keys(config.input as object).join(","));
      config.output.banner = "/* banner from rollup:before */";
    },
    "prerender:routes": (routes) => { note("prerender:routes " + [...routes].join(",")); routes.add("/about"); },
    compiled: () => note("compiled"),
    "dev:start": async () => {
      note("dev:start");
      const res = await serverFetch("/hello");
      note("dev:start fetched " + res.status + " " + (await res.text()));
    },
    "dev:reload": () => note("dev:reload"),
    "dev:error": (cause) => note("dev:error " + (cause as Error).message.includes("broken.ts")),
    close: () => note("close"),
  },
});
`;

describe("build hooks", () => {
  it("edgeplate build runs build:before, rollup:before (whose changes apply), prerender:routes, compiled and close, in order", async () => {
    const dir = app({
      "edgeplate.config.ts": hooksConfig,
      "routes/hello.ts": `export default () => "Hello!";\n`,
      "routes/about.ts": `export default () => "about page";\n`,
    });
    await build({ rootDir: dir });
    const lines = log(dir);
    expect(lines[0]).toBe("build:before true function");
    expect(lines.at(-1)).toBe("close");
    // The prerender bundle is a bundle too: rollup:before runs for it and for the server's.
    expect(lines.filter((l) => l.startsWith("rollup:before"))).toEqual(["rollup:before index", "rollup:before index"]);
    expect(lines.indexOf("prerender:routes ")).toBeGreaterThan(0);
    expect(lines.indexOf("compiled")).toBeGreaterThan(lines.lastIndexOf("rollup:before index"));
    expect(lines.some((l) => l.startsWith("dev:"))).toBe(false);
    expect(readFileSync(join(dir, ".output/server/index.mjs"), "utf8").startsWith("/* banner from rollup:before */")).toBe(true);
    // The route the hook added was prerendered.
    expect(readFileSync(join(dir, ".output/public/about"), "utf8")).toBe("about page");
  });

  it("edgeplate dev runs dev:start (whose serverFetch reaches the dev server), compiled, dev:reload, dev:error and close", async () => {
    const dir = app({
      "edgeplate.config.ts": hooksConfig,
      "routes/hello.ts": `export default () => "Hello!";\n`,
    });
    const dev = await createDevController(dir);
    try {
      expect(await (await dev.fetch(new Request("http://localhost/hello"))).text()).toBe("Hello!");
      await waitUntil(() => log(dir).includes("dev:start fetched 200 Hello!"));
      expect(log(dir)).toEqual(expect.arrayContaining(["build:before true function", "rollup:before index", "dev:start", "compiled", "dev:reload"]));
      writeFileSync(join(dir, "routes/broken.ts"), "export default () => {\n");
      expect((await dev.fetch(new Request("http://localhost/hello"))).status).toBe(500);
      await waitUntil(() => log(dir).includes("dev:error true"));
    } finally {
      await dev.close();
    }
    // A `dev:start` hook's fetch may still be answering: Nitro does not wait for watcher hooks either.
    expect(log(dir)).toContain("close");
  });

  it("an unknown hook name fails in one line naming the known ones; a non-function too", async () => {
    const dir = app({
      "edgeplate.config.ts": `export default { hooks: { "build:done": () => {} } };\n`,
    });
    await expect(loadOptions({ rootDir: dir })).rejects.toThrow(
      /^\[edgeplate\] \[config\] unknown build hook `build:done` in `.*edgeplate\.config\.ts`\. Known hooks: build:before, rollup:before, compiled, dev:start, dev:reload, dev:error, prerender:routes, close\.$/,
    );
    const bad = app({ "edgeplate.config.ts": `export default { hooks: { compiled: "yes" } };\n` });
    await expect(loadOptions({ rootDir: bad })).rejects.toThrow("build hook `compiled` in");
    // Nested as hookable allows: `{ build: { before } }` is `build:before`.
    const nested = app({ "edgeplate.config.ts": `export default { hooks: { build: { before: () => {} } } };\n` });
    expect((await loadOptions({ rootDir: nested })).hooks).toBeDefined();
  });
});

describe("alias and tsconfig paths", () => {
  let server: RunningServer | undefined;
  afterAll(() => server?.stop());

  it("resolves tsconfig `paths` (~server/*) and config `alias` (@lib) like relative imports; package.json `#` imports still work", async () => {
    const dir = app({
      "tsconfig.json": `{
  // comments and trailing commas, as tsconfig files have them
  "extends": "edgeplate/tsconfig",
  "compilerOptions": { "paths": { "~server/*": ["./server/*"], }, },
}\n`,
      "edgeplate.config.ts": `export default { serverDir: true, alias: { "@lib": "./lib" } };\n`,
      "server/utils/math.ts": `export const sum = (a: number, b: number) => a + b;\n`,
      "lib/index.ts": `export const name = "lib";\n`,
      "server/routes/index.ts": `import { sum } from "~server/utils/math.ts";
import { rand } from "#server/utils/rand";
import { name } from "@lib";
export default () => \`\${sum(2, 3)} \${rand()} \${name}\`;\n`,
      "server/utils/rand.ts": `export const rand = () => 4;\n`,
    });
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ ...pkg, imports: { "#server/*": "./server/*.ts" } }));
    const out = await buildAndCopy(dir);
    dirs.push(out);
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out });
    expect(await (await server.fetch("/")).text()).toBe("5 4 lib");
  });

  it("an import of an alias nobody configured fails in one line naming the file, the alias and how to add one", async () => {
    const dir = app({
      "tsconfig.json": `{ "compilerOptions": { "paths": { "~server/*": ["./server/*"] } } }\n`,
      "routes/index.ts": `import { x } from "~utils/x";\nexport default () => x;\n`,
    });
    const error = await build({ rootDir: dir }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toContain("`~utils/x` (imported by `");
    expect(message).toContain("routes/index.ts`): alias `~utils` is not configured (configured aliases: `~server`)");
    expect(message).toContain('`alias: { "~utils": "./server" }`');
    expect(message).not.toContain("npm install");
  });
});

describe("unresolved import messages", () => {
  it("say `alias not configured` for `~`, `#` and `@/` specifiers, and still advise installing a package name", () => {
    expect(unresolvedImportMessage("#server/utils/x", "/app/routes/a.ts", "#server")).toBe(
      '`#server/utils/x` (imported by `/app/routes/a.ts`): alias `#server` is not configured (no aliases are configured). Add it to `alias` in the config (`alias: { "#server": "./server" }`), to `compilerOptions.paths` in `tsconfig.json`, or to `imports` in `package.json` for `#` names.',
    );
    expect(unresolvedImportMessage("@/components/x", undefined, "@/components", { "~": "/app" })).toContain("alias `@` is not configured (configured aliases: `~`)");
    expect(unresolvedImportMessage("~", undefined, "~")).toContain("alias `~` is not configured");
    expect(unresolvedImportMessage("@vue/shared", undefined, "@vue/shared")).toBe("`@vue/shared` is not installed. Run `npm install @vue/shared` in the app.");
  });
});

async function waitUntil(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
