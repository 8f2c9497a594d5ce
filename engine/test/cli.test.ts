import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../bin/edgeplate.mjs");
const tmp = join(import.meta.dirname, ".tmp", `cli-${process.pid}`);

function run(args: string[], cwd = tmp) {
  // Without the test runner's variables, so the CLI logs the way it does for a user.
  const { VITEST: _v, TEST: _t, NODE_ENV: _n, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...env } = process.env;
  const res = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...env, DEBUG: "" } });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function app(files: Record<string, string>): void {
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(tmp, name, ".."), { recursive: true });
    writeFileSync(join(tmp, name), text);
  }
}

afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** The error output is one line (plus at most the DEBUG hint), never a stack trace. */
function expectOneLine(err: string, pattern: RegExp): void {
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
  expect(
    err
      .trim()
      .split("\n")
      .filter((l) => !l.includes("DEBUG=1")).length,
  ).toBe(1);
}

describe("edgeplate CLI", () => {
  it("describes every command and flag with --help", () => {
    const top = run(["--help"], import.meta.dirname);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/build/);
    expect(top.out).toMatch(/dev/);
    expect(top.out).toMatch(/preview/);
    const build = run(["build", "--help"], import.meta.dirname);
    for (const flag of ["--platform", "--minify", "--sourcemap"]) expect(build.out).toContain(flag);
    expect(run(["dev", "--help"], import.meta.dirname).out).toContain("--port");
  });

  it("names an unknown platform and suggests the right one", () => {
    app({ "routes/a.ts": "export default () => 1;" });
    const res = run(["build", ".", "--platform", "clodflare"]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /\[edgeplate\] \[config\] unknown platform `clodflare`\. Did you mean `cloudflare`\?/);
  });

  it("rejects an unknown config option in one line", () => {
    app({ "edgeplate.config.ts": "export default { routeRulez: {} };", "routes/a.ts": "export default () => 1;" });
    const res = run(["build", "."]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /unknown option `routeRulez`/);
  });

  it("reports a broken config file in one line", () => {
    app({ "edgeplate.config.ts": "export default { platform: ", "routes/a.ts": "export default () => 1;" });
    const res = run(["build", "."]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /\[config\] edgeplate\.config\.ts:1:\d+: could not load the config: .*Fix the file/);
  });

  it("names both files when two claim the same route", () => {
    app({ "routes/users/[id].get.ts": "export default () => 1;", "routes/users/[name].get.ts": "export default () => 2;" });
    const res = run(["build", "."]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /`routes\/users\/\[id\]\.get\.ts` and `routes\/users\/\[name\]\.get\.ts` both claim `GET \/users\/:name`/);
  });

  it("names both files when two claim the same route shape in any spelling", () => {
    const pairs: [string, string, string][] = [
      ["routes/dup/[...a].ts", "routes/dup/[...].ts", "ALL /dup/**:a"],
      ["routes/dup/[...a].get.ts", "routes/dup/[...b].get.ts", "GET /dup/**:b"],
      ["routes/dup/[...a]/index.ts", "routes/dup/[...].ts", "ALL /dup/**:a"],
      ["routes/dup/[a]/index.post.ts", "routes/dup/[b].post.ts", "POST /dup/:b"],
      ["routes/(group)/dup.ts", "routes/dup/index.ts", "ALL /dup"],
      ["api/dup.ts", "routes/api/dup.ts", "ALL /api/dup"],
      ["routes/dup/[user-id].ts", "routes/dup/[id].ts", "ALL /dup/:user-id"],
    ];
    for (const [a, b, route] of pairs) {
      app({ [a]: "export default () => 1;", [b]: "export default () => 2;" });
      const res = run(["build", "."]);
      expect(res.code, `${a} + ${b}`).toBe(1);
      expectOneLine(res.err, /both claim/);
      for (const text of [a, b, route]) expect(res.err, `${a} + ${b}`).toContain(text);
    }
  });

  it("rejects a bracket it cannot turn into a param, in one line", () => {
    for (const file of ["routes/u/[].ts", "routes/u/[user id].ts", "routes/u/[id.ts", "routes/u/[...path].json.ts", "routes/u/[a+b].ts"]) {
      app({ [file]: "export default () => 1;" });
      const res = run(["build", "."]);
      expect(res.code, file).toBe(1);
      expectOneLine(res.err, /\[routes\]/);
      expect(res.err, file).toContain(`\`${file}\``);
      expect(res.err, file).toMatch(/\[user-id\]/);
    }
  });

  it("reports a route that imports a missing file in one line", () => {
    app({ "routes/a.ts": 'import x from "./missing.ts";\nexport default () => x;' });
    const res = run(["build", "."]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /missing\.ts/);
  });

  it("tells how to fix a preview without a build", () => {
    app({ "routes/a.ts": "export default () => 1;" });
    const res = run(["preview", "."]);
    expect(res.code).toBe(1);
    expectOneLine(res.err, /no build found .* Run `edgeplate build` first/);
  });

  it("builds with progress, timings and the output size", () => {
    cpSync(join(import.meta.dirname, "fixtures/core"), tmp, { recursive: true });
    const res = run(["build", ".", "--minify", "--sourcemap"]);
    expect(res.code, res.err).toBe(0);
    const log = res.out + res.err;
    expect(log).toMatch(/Bundled server into \.output\/server \([\d.]+ m?s\)/);
    expect(log).toMatch(/Server entry: [\d.]+ kB \([\d.]+ kB gzip\)/);
    expect(log).toMatch(/Built in/);
  });
});
