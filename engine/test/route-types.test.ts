// Route types: the generator (`.edgeplate/types/routes.d.ts`, `.edgeplate/tsconfig.json`),
// `edgeplate prepare`, and the typed `$fetch` compiled by TypeScript 7 and 5.9 on the typed-api
// fixture: the correct calls (types/route-types.test-d.ts) with no error, the wrong ones
// (types/wrong/calls.ts) with exactly the errors they are marked with, and an app without
// generated types (types/untyped/calls.ts) untyped but compiling.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeRouteTypes } from "../src/build/types/index.ts";
import { scanApp } from "../src/build/scan.ts";
import { freePort, waitFor } from "./helpers.ts";

const root = join(import.meta.dirname, "../..");
const bin = join(import.meta.dirname, "../bin/edgeplate.mjs");
const fixture = join(import.meta.dirname, "fixtures/typed-api");
const typesDir = join(import.meta.dirname, "types");
const tmp = join(import.meta.dirname, ".tmp", `route-types-${process.pid}`);

const COMPILERS = [
  { name: "TypeScript 7", tsc: join(root, "node_modules/typescript/bin/tsc"), version: /^Version 7\./ },
  { name: "TypeScript 5.9", tsc: join(root, "node_modules/typescript59/bin/tsc"), version: /^Version 5\.9\./ },
];

function prepare(dir: string) {
  // Without the test runner's variables, so the CLI logs the way it does for a user.
  const { VITEST: _v, TEST: _t, NODE_ENV: _n, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...env } = process.env;
  return spawnSync(process.execPath, [bin, "prepare", dir], { cwd: root, encoding: "utf8", env: { ...env, DEBUG: "" } });
}

/** `tsc --noEmit -p project`: exit code and each diagnostic as { file, line, code, text } (text with its continuation lines). */
function typecheck(tsc: string, project: string) {
  const res = spawnSync(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", project], { cwd: root, encoding: "utf8" });
  const diagnostics: { file: string; line: number; code: string; text: string }[] = [];
  for (const line of res.stdout.split("\n")) {
    const m = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (m) diagnostics.push({ file: m[1]!, line: Number(m[2]), code: m[3]!, text: m[4]! });
    else if (line.startsWith(" ") && diagnostics.length > 0) diagnostics.at(-1)!.text += `\n${line.trim()}`;
  }
  return { status: res.status, diagnostics, output: res.stdout + res.stderr };
}

describe("the route types generator", () => {
  beforeAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    cpSync(fixture, tmp, { recursive: true, filter: (src) => !src.includes("/.edgeplate") && !src.includes("/node_modules") });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes every route with its methods, params and handler, and a tsconfig to extend", async () => {
    const written = await writeRouteTypes({ rootDir: tmp });
    expect(written.routes).toBe((await scanApp(tmp)).routes.length);
    const source = readFileSync(written.routesFile, "utf8");
    // The handler types come from the route files themselves (`import type`), never copied.
    expect(source).toContain(`type Handler0 = typeof import("../../routes/api/cached").default`);
    expect(source).toContain(`typeof import("../../routes/api/users/[id].get").default`);
    expect(source).toContain(`typeof import("../../routes/api/files/[...path]").default`);
    // fetchdts's tree: params and catch-alls as its symbols; method-split files on one node.
    expect(source).toMatch(/"\/users": \{\n\s+\[DynamicParam\]: \{\n\s+\[Endpoint\]: \{\n\s+"GET"/);
    expect(source).toMatch(/"\/files": \{\n\s+\[WildcardParam\]: \{\n\s+\[Endpoint\]: Record<HTTPMethod,/);
    expect(source).toMatch(/"\/items": \{\n\s+\[Endpoint\]: \{\n\s+"GET": \{[^}]+\}\n\s+"POST"/);
    expect(source).toContain(`declare module "edgeplate/route-types" {\n  interface EdgeplateRoutes extends GeneratedRoutes {}`);
    expect(source).toContain(`"/api/users/:id": { "id": string }`);
    expect(source).toContain(`"/api/files/**:path": { "path": string }`);
    expect(source.match(/"\/api\/items": \{\}/g)).toHaveLength(1);
    const tsconfig = JSON.parse(readFileSync(written.tsconfigFile, "utf8"));
    // The options are edgeplate/tsconfig's, so an app has one set of them.
    expect(tsconfig.extends).toBe("edgeplate/tsconfig");
    expect(tsconfig.include).toEqual(["../**/*", "./types/**/*.d.ts"]);
  });

  it("rewrites the files only when the routes change", async () => {
    await writeRouteTypes({ rootDir: tmp });
    const again = await writeRouteTypes({ rootDir: tmp });
    expect(again.changed).toBe(false);
    mkdirSync(join(tmp, "routes/api/users/[user-id]"));
    writeFileSync(join(tmp, "routes/api/users/[user-id]/posts.post.ts"), `export default () => ({ posted: true });\n`);
    const added = await writeRouteTypes({ rootDir: tmp });
    expect(added.changed).toBe(true);
    // A param name rou3 cannot take (`user-id`) gets its own name back in the params.
    expect(readFileSync(added.routesFile, "utf8")).toContain(`"/api/users/:user-id/posts": { "user-id": string }`);
    rmSync(join(tmp, "routes/api/users/[user-id]"), { recursive: true });
    expect((await writeRouteTypes({ rootDir: tmp })).changed).toBe(true);
    expect(readFileSync(added.routesFile, "utf8")).not.toContain("posts");
  });
});

describe("edgeplate dev", () => {
  const dir = join(import.meta.dirname, ".tmp", `route-types-dev-${process.pid}`);
  let dev: ChildProcess | undefined;
  afterAll(async () => {
    if (dev && dev.exitCode === null) await new Promise((resolve) => (dev!.once("exit", resolve), dev!.kill("SIGTERM")));
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the route types on start and again when a route is added", async () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes("/.edgeplate") && !src.includes("/node_modules") });
    const port = await freePort();
    const { VITEST: _v, TEST: _t, NODE_ENV: _n, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...env } = process.env;
    dev = spawn(process.execPath, [bin, "dev", dir, "--port", String(port)], { env, stdio: "ignore" });
    const routesFile = join(dir, ".edgeplate/types/routes.d.ts");
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/hello`)).ok, 60_000);
    // Written beside the first build, not before its first answer.
    await waitFor(async () => {
      if (!readFileSync(routesFile, "utf8").includes(`"/api/users/:id": { "id": string }`)) throw new Error("not yet");
    }, 10_000);
    writeFileSync(join(dir, "routes/api/added.get.ts"), `export default () => ({ added: true });\n`);
    // A request compares the sources and rebuilds first, so the types are rewritten before it is answered.
    await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/added`);
      if (!res.ok) throw new Error(`${res.status}`);
      return res;
    }, 60_000);
    await waitFor(async () => {
      if (!readFileSync(routesFile, "utf8").includes(`"/api/added": {}`)) throw new Error("not yet");
    }, 10_000);
  });
});

describe("edgeplate build", () => {
  const dir = join(import.meta.dirname, ".tmp", `route-types-build-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the route types beside the output", () => {
    rmSync(dir, { recursive: true, force: true });
    cpSync(fixture, dir, { recursive: true, filter: (src) => !src.includes("/.edgeplate") && !src.includes("/node_modules") && !src.includes("/.output") });
    const res = spawnSync(process.execPath, [bin, "build", dir], { cwd: root, encoding: "utf8" });
    expect(res.status, res.stderr).toBe(0);
    expect(readFileSync(join(dir, ".edgeplate/types/routes.d.ts"), "utf8")).toContain(`"/api/files/**:path": { "path": string }`);
    expect(existsSync(join(dir, ".edgeplate/tsconfig.json"))).toBe(true);
    expect(existsSync(join(dir, ".output/server/index.mjs"))).toBe(true);
  });
});

describe("edgeplate prepare", () => {
  it("has --help", () => {
    const res = spawnSync(process.execPath, [bin, "prepare", "--help"], { encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Write the route types/);
    expect(res.stdout).toMatch(/\[DIR\]|dir/i);
  });

  it("writes the types of the app folder it is given", () => {
    const res = prepare(fixture);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout + res.stderr).toMatch(/Route types for \d+ routes in .*routes\.d\.ts/);
    expect(existsSync(join(fixture, ".edgeplate/types/routes.d.ts"))).toBe(true);
    expect(existsSync(join(fixture, ".edgeplate/tsconfig.json"))).toBe(true);
  });

  it("fails in one line for a folder that does not exist", () => {
    const res = prepare(join(tmp, "missing"));
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/does not exist/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe.each(COMPILERS)("$fetch type-checked by $name", ({ tsc, version }) => {
  beforeAll(() => {
    expect(execFileSync(process.execPath, [tsc, "-v"], { encoding: "utf8" })).toMatch(version);
    expect(prepare(fixture).status).toBe(0);
  });

  it("compiles every correct call (route-types.test-d.ts) without an error", () => {
    const res = typecheck(tsc, join(typesDir, "tsconfig.json"));
    expect(res.diagnostics, res.output).toEqual([]);
    expect(res.status).toBe(0);
  });

  it("rejects each wrong call on its line, with the error it is marked with, and nothing else", () => {
    const file = join(typesDir, "wrong/calls.ts");
    const expected = readFileSync(file, "utf8")
      .split("\n")
      .flatMap((text, i) => {
        const m = /\/\/ (TS\d+) (.+)$/.exec(text);
        return m ? [{ line: i + 1, code: m[1]!, text: m[2]! }] : [];
      });
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const res = typecheck(tsc, join(typesDir, "wrong/tsconfig.json"));
    expect(res.status).not.toBe(0);
    expect(res.diagnostics.map((d) => `${d.file.replace(/\\/g, "/")}:${d.line} ${d.code}`)).toEqual(expected.map((e) => `engine/test/types/wrong/calls.ts:${e.line} ${e.code}`));
    for (const [i, e] of expected.entries()) expect(res.diagnostics[i]!.text, `line ${e.line}`).toContain(e.text);
  });

  it("compiles an app without generated types, untyped", () => {
    const res = typecheck(tsc, join(typesDir, "untyped/tsconfig.json"));
    expect(res.diagnostics, res.output).toEqual([]);
    expect(res.status).toBe(0);
  });
});
