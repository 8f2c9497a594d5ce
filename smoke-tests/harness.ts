import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { build, type EdgeplateConfig } from "../engine/src/build/index.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** What a host writes besides `.output/` (copied along with it). */
const OUTPUT_DIRS = [".output", ".netlify", ".vercel", "dist"];

export interface BuiltFixture {
  /** The app folder the build ran in (inside the repo, so `edgeplate` resolves). */
  rootDir: string;
  /** A copy of the build output away from any node_modules: what a host would get. */
  outDir: string;
}

/**
 * Builds the fixture app for `platform` once per test file (beforeAll) and copies the output to an
 * empty temp folder. Returns an accessor that is valid inside tests and hooks.
 */
export function useBuiltFixture(platform: string, opts: { fixture?: string; overrides?: EdgeplateConfig } = {}): BuiltFixture {
  const fixture = opts.fixture ?? "app";
  const state: Partial<BuiltFixture> = {};
  beforeAll(async () => {
    const tmpRoot = join(here, ".tmp");
    mkdirSync(tmpRoot, { recursive: true });
    const rootDir = mkdtempSync(join(tmpRoot, `${platform}-`));
    cpSync(join(here, "fixtures", fixture), rootDir, { recursive: true });
    await build({ rootDir, overrides: { ...opts.overrides, platform } });
    const outDir = mkdtempSync(join(tmpdir(), `edgeplate-${platform}-`));
    for (const dir of OUTPUT_DIRS) {
      if (existsSync(join(rootDir, dir)))
        // Verbatim: Vercel ISR functions are relative links to the server function.
        cpSync(join(rootDir, dir), join(outDir, dir), { recursive: true, verbatimSymlinks: true });
    }
    Object.assign(state, { rootDir, outDir });
  });
  afterAll(() => {
    if (state.rootDir) rmSync(state.rootDir, { recursive: true, force: true });
    if (state.outDir) rmSync(state.outDir, { recursive: true, force: true });
  });
  return {
    get rootDir() {
      return state.rootDir ?? fail("rootDir");
    },
    get outDir() {
      return state.outDir ?? fail("outDir");
    },
  };
}

function fail(what: string): never {
  throw new Error(`the fixture's ${what} is only there once beforeAll has built it`);
}

/** Sets env vars for an in-process function entry (as the host would); returns the undo. */
export function setEnv(env: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
