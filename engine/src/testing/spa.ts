import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startBuilt, type StartOptions } from "./cli.ts";
import { readManifest } from "./output.ts";
import type { Fetch } from "./server.ts";

export interface CheckSpaBuildOptions extends StartOptions {
  platform: string;
  /** The app's own round trip (create, read back, …), run against the served output. */
  probe?: (fetch: Fetch) => Promise<void>;
}

/**
 * For a Vite single-page app: builds it for a platform, checks what the host deploys (the manifest,
 * the server entry, `index.html` and one hashed `index-*.js` in the public folder), runs the copied
 * output with the platform's preview, checks it serves the shell, deep links and JSON 404s, then
 * runs `probe`. Throws (node:assert) on the first difference, so it works in any test runner.
 * @example
 * it("cloudflare", () => checkSpaBuild(root, { platform: "cloudflare", probe: async (fetch) => {
 *   expect((await fetch("/api/notes")).status).toBe(200);
 * } }));
 */
export async function checkSpaBuild(rootDir: string, options: CheckSpaBuildOptions): Promise<void> {
  const server = await startBuilt(rootDir, options);
  try {
    checkLayout(server.dir, options.platform);
    await checkServes(server.fetch);
    await options.probe?.(server.fetch);
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- ${options.platform} preview output ---\n${server.output()}`;
    throw error;
  } finally {
    await server.stop();
  }
}

function checkLayout(dir: string, platform: string): void {
  const manifest = readManifest(join(dir, ".output"));
  assert.equal(manifest.platform, platform);
  if (manifest.entry) assert.ok(existsSync(join(dir, manifest.entry)), `no server entry at ${manifest.entry}`);
  const publicDir = join(dir, manifest.publicDir);
  assert.ok(existsSync(join(publicDir, "index.html")), `no index.html in ${manifest.publicDir}`);
  assert.equal(readdirSync(join(publicDir, "assets")).filter((f) => /^index-[\w-]+\.js$/.test(f)).length, 1, "one hashed index-*.js in assets/");
}

async function checkServes(fetch: Fetch): Promise<void> {
  const html = { headers: { accept: "text/html" } };
  const home = await fetch("/", html);
  assert.equal(home.status, 200);
  const shell = await home.text();
  assert.match(shell, /<script type="module"/);
  // No file and no route: the SPA fallback answers with the same shell.
  const deep = await fetch("/a/deep/link", html);
  assert.deepEqual([deep.status, await deep.text()], [200, shell]);
  const missing = await fetch("/api/no-such-route", html);
  assert.deepEqual([missing.status, missing.headers.get("content-type")], [404, "application/json; charset=utf-8"]);
}
