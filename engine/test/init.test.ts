// `edgeplate init` writes a copy of a starter that installs, tests and builds on its own, in a
// folder outside the repository, with nothing resolved from the repository's node_modules. Slow
// (a real `npm install`): the suite runs `minimal` and one Vite starter; EDGEPLATE_INIT_ALL=1 runs
// all four (`EDGEPLATE_INIT_ALL=1 npx vitest run engine/test/init.test.ts`).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = realpathSync(join(import.meta.dirname, "../.."));
const bin = join(repo, "engine/bin/edgeplate.mjs");
const ALL = process.env.EDGEPLATE_INIT_ALL === "1";
const IN_SUITE = ["minimal", "vanilla-links"];
const STARTERS = readdirSync(join(repo, "starters")).sort();
const timings: string[] = [];
// npm install of rollup, esbuild, vite, workerd, … and a native better-sqlite3 build.
const INSTALL_TIMEOUT = 20 * 60_000;

afterAll(() => {
  rmSync(join(tmpdir(), `edgeplate-init-${process.pid}`), { recursive: true, force: true });
  if (timings.length > 0) console.log(`edgeplate init timings:\n${timings.join("\n")}`);
});

/** Runs a command the way a user's shell would: none of this test run's npm or vitest variables. */
function run(command: string, args: string[], cwd: string): { code: number | null; out: string; ms: number } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|VITEST|TEST$|NODE_ENV$)/.test(name)));
  const started = performance.now();
  const res = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}`.slice(-20_000), ms: performance.now() - started };
}

function expectOk(step: string, res: { code: number | null; out: string }): void {
  expect(res.code, `${step} failed:\n${res.out}`).toBe(0);
}

/** Symlinks under node_modules that lead into the repository (a linked, not installed, package). */
function linksIntoRepo(dir: string): string[] {
  const links = readdirSync(join(dir, "node_modules"), { recursive: true, withFileTypes: true }).filter((entry) => entry.isSymbolicLink());
  return links.map((entry) => realpathSync(join(entry.parentPath, entry.name))).filter((target) => target === repo || target.startsWith(repo + sep));
}

/** Output files that name the repository's folder (a path resolved there and bundled). */
function filesNamingRepo(dir: string): string[] {
  const outputs = [".output", ".netlify", ".vercel", "dist"].filter((d) => existsSync(join(dir, d)));
  return outputs.flatMap((out) =>
    readdirSync(join(dir, out), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && readFileSync(join(entry.parentPath, entry.name), "latin1").includes(repo))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}

describe("edgeplate init, when it cannot make a copy", () => {
  it("describes every flag with --help", () => {
    const res = run(process.execPath, [bin, "init", "--help"], tmpdir());
    for (const text of ["<DIR>", "--starter", "--platform", ...STARTERS]) expect(res.out).toContain(text);
  });

  it("names an unknown starter and the known ones, in one line", () => {
    const res = run(process.execPath, [bin, "init", join(tmpdir(), `edgeplate-init-none-${process.pid}`), "--starter", "vue-note"], tmpdir());
    expect(res.code).toBe(1);
    expect(res.out.trim()).toBe(`[edgeplate] [init] unknown starter \`vue-note\`. Did you mean \`vue-notes\`? Known starters: ${STARTERS.join(", ")}.`);
  });

  it("refuses a folder that is not empty, in one line", () => {
    const res = run(process.execPath, [bin, "init", import.meta.dirname], tmpdir());
    expect(res.code).toBe(1);
    expect(res.out.trim()).toBe(`[edgeplate] [init] \`${import.meta.dirname}\` exists and is not empty. Name a new folder, or empty this one first.`);
  });
});

for (const starter of STARTERS) {
  const runs = ALL || IN_SUITE.includes(starter);
  describe.skipIf(!runs)(`edgeplate init --starter ${starter}${runs ? "" : " (skipped: set EDGEPLATE_INIT_ALL=1 to run every starter)"}`, () => {
    // Named after the starter (the copy's package name comes from its folder); created by init.
    const dir = join(tmpdir(), `edgeplate-init-${process.pid}`, starter);
    const time = (step: string, ms: number) => timings.push(`  ${starter.padEnd(16)} ${step.padEnd(40)} ${(ms / 1000).toFixed(1)} s`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("writes a copy with the packages packed into vendor/", () => {
      const res = run(process.execPath, [bin, "init", dir, "--starter", starter], tmpdir());
      expectOk("edgeplate init", res);
      time("init (copy + npm pack)", res.ms);
      for (const leftover of ["node_modules", ".output", ".data", ".edgeplate", "test-results"]) expect(existsSync(join(dir, leftover)), leftover).toBe(false);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(pkg.name).toBe(starter);
      expect(pkg.scripts.test).toBe("vitest run");
      expect(pkg.dependencies.edgeplate).toMatch(/^file:vendor\/edgeplate-[\d.]+\.tgz$/);
      const specs = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([name]) => name === "edgeplate" || name.startsWith("@edgeplate/"));
      for (const [name, spec] of specs) expect(existsSync(join(dir, String(spec).slice("file:".length))), `${name}: ${spec}`).toBe(true);
    });

    it(
      "installs with npm from outside the repository",
      () => {
        expect(dir.startsWith(repo + sep)).toBe(false);
        const res = run("npm", ["install", "--no-audit", "--no-fund"], dir);
        expectOk("npm install", res);
        time("npm install", res.ms);
        expect(linksIntoRepo(dir)).toEqual([]);
        const require = createRequire(join(dir, "package.json"));
        for (const name of ["edgeplate/package.json", "vitest/package.json"]) expect(realpathSync(require.resolve(name)).startsWith(dir + sep), name).toBe(true);
      },
      INSTALL_TIMEOUT,
    );

    it("has an installed edgeplate that refuses init: it is no checkout", () => {
      const res = run(process.execPath, [join(dir, "node_modules/edgeplate/bin/edgeplate.mjs"), "init", "copy-of-a-copy"], dir);
      expect(res.code).toBe(1);
      expect(res.out).toContain("not in a git checkout of the Edgeplate repository");
      expect(existsSync(join(dir, "copy-of-a-copy"))).toBe(false);
    });

    it(
      "passes its own tests (npm test)",
      () => {
        const res = run("npm", ["test"], dir);
        expectOk("npm test", res);
        time("npm test", res.ms);
      },
      15 * 60_000,
    );

    it(
      "type-checks against its own route types (npm run typecheck: edgeplate prepare, tsc)",
      () => {
        expect(existsSync(join(dir, "tsconfig.json"))).toBe(true);
        const res = run("npm", ["run", "typecheck"], dir);
        expectOk("npm run typecheck", res);
        time("npm run typecheck", res.ms);
        expect(existsSync(join(dir, ".edgeplate/types/routes.d.ts"))).toBe(true);
        expect(realpathSync(createRequire(join(dir, "package.json")).resolve("typescript/package.json")).startsWith(dir + sep)).toBe(true);
      },
      5 * 60_000,
    );

    it(
      "builds for every platform it depends on",
      () => {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
        const platforms = Object.keys(pkg.dependencies).filter((name) => name.startsWith("@edgeplate/platform-"));
        expect(platforms.length).toBeGreaterThan(0);
        for (const name of platforms) {
          const platform = name.slice("@edgeplate/platform-".length);
          const res = run("npm", ["run", "build", "--", "--platform", platform], dir);
          expectOk(`npm run build -- --platform ${platform}`, res);
          time(`npm run build -- --platform ${platform}`, res.ms);
          expect(filesNamingRepo(dir), platform).toEqual([]);
        }
      },
      15 * 60_000,
    );
  });
}
