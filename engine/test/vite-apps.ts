// Helpers for the starters' tests: build a Vite app the way `edgeplate build` does, drive it in Chromium.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { listPlatforms } from "../src/build/platforms.ts";
import type { EdgeplateConfig } from "../src/types/config.ts";
import { buildViteApp } from "../src/vite/cli.ts";
import { afterAll, beforeAll } from "vitest";
import { removeDir, startServer, type RunningServer } from "./helpers.ts";

/** Debian's chromium here and in .ci/run; `CHROMIUM_PATH` points elsewhere (GitHub runners ship Chrome). */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** Why browser tests skip; CI installs Chromium with apt (see .ci/run). */
export const NO_CHROMIUM = !existsSync(CHROMIUM) && `needs Chromium at ${CHROMIUM} (apt-get install -y chromium)`;

/**
 * Builds a starter for a platform into its own output and client folders, so builds of one starter
 * in different test files never overwrite each other. Returns the absolute output folder.
 */
export async function buildStarter(rootDir: string, platform: string, label: string = platform, overrides: EdgeplateConfig = {}): Promise<string> {
  const dir = `.edgeplate/test/${label}`;
  await buildViteApp(rootDir, { platform, output: { dir: `${dir}/output` }, ...overrides }, { logLevel: "warn", build: { outDir: `${dir}/client` } });
  return join(rootDir, dir, "output");
}

/** Builds for node-server, copies `.output/` away from the repo's node_modules and starts it with node. */
export async function startBuiltStarter(rootDir: string, label = "e2e"): Promise<RunningServer & { dir: string }> {
  const output = await buildStarter(rootDir, "node-server", label);
  const dir = mkdtempSync(join(tmpdir(), "edgeplate-starter-"));
  cpSync(output, join(dir, ".output"), { recursive: true });
  const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
  return { ...server, dir };
}

/**
 * For a describe block: builds the starter for node-server, serves it from a temp folder and opens
 * Chromium before its tests; closes both after. Read `server` and `browser` inside the tests.
 */
export function useStarterInBrowser(rootDir: string): { server: RunningServer & { dir: string }; browser: Browser } {
  const ctx = {} as { server: RunningServer & { dir: string }; browser: Browser };
  beforeAll(async () => {
    [ctx.server, ctx.browser] = await Promise.all([startBuiltStarter(rootDir), launchChromium()]);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
    if (ctx.server) removeDir(ctx.server.dir);
  });
  return ctx;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Collects uncaught page errors and failed requests, so a test can assert the app ran cleanly. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (msg) => {
    // A 4xx the app shows in its UI is expected; the browser still logs it as a failed resource.
    if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return { errors };
}

/** Saves a screenshot as a test artifact under test-results/ (gitignored). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(import.meta.dirname, "../../test-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Installed platforms (derived from node_modules/@edgeplate/platform-*, never a hand-kept list). */
export function installedPlatforms(rootDir: string): string[] {
  return listPlatforms(rootDir);
}

export function readManifest(outputDir: string): { platform: string; entry: string; publicDir: string } {
  return JSON.parse(readFileSync(join(outputDir, "edgeplate.json"), "utf8"));
}
