// The starter × platform matrix: one shared check, each starter only says where it lives.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { removeDir } from "./helpers.ts";
import { buildStarter, installedPlatforms, readManifest } from "./vite-apps.ts";

const STATIC_NEEDS_NO_API = "skipped: the starter's API needs a server, and `static` ships files only";

export type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

export interface PlatformBuildOptions {
  /** A round trip through the starter's API; run against the Cloudflare build in workerd (KV and D1 bindings). */
  probe?: (fetch: Fetch) => Promise<void>;
  /**
   * A known engine bug that makes the workerd run fail, described for the test name. The run is
   * then expected to fail (`it.fails`), and turns red once the bug is fixed so the note is removed.
   */
  workerdKnownIssue?: string;
}

/**
 * Builds a Vite starter for every installed platform (derived from node_modules/@edgeplate/platform-*,
 * so a platform that is not installed is not listed, never counted as passing) and checks the
 * output each host deploys: the manifest, the server entry, the client in the public dir. The
 * Cloudflare build also runs in workerd, the one host runtime here besides Node.
 */
export function describePlatformBuilds(name: string, rootDir: string, options: PlatformBuildOptions = {}): void {
  const hasApi = ["api", "routes"].some((dir) => existsSync(join(rootDir, dir)));
  const entries = new Map<string, string>();
  describe(`${name} builds for every installed platform`, () => {
    for (const platform of installedPlatforms(rootDir)) {
      const skip = platform === "static" && hasApi;
      it.skipIf(skip)(
        skip ? `${platform} (${STATIC_NEEDS_NO_API})` : platform,
        async () => {
          const output = await buildStarter(rootDir, platform, `matrix-${platform}`);
          const manifest = readManifest(output);
          expect(manifest.platform).toBe(platform);
          if (platform !== "static") expect(existsSync(join(rootDir, manifest.entry)), manifest.entry).toBe(true);
          const publicDir = join(rootDir, manifest.publicDir);
          expect(existsSync(join(publicDir, "index.html"))).toBe(true);
          expect(readdirSync(join(publicDir, "assets")).filter((f) => /^index-[\w-]+\.js$/.test(f))).toHaveLength(1);
          entries.set(platform, join(rootDir, manifest.entry));
        },
        120_000,
      );
    }
    if (!installedPlatforms(rootDir).includes("cloudflare")) return;
    const issue = options.workerdKnownIssue;
    (issue ? it.fails : it)(
      `cloudflare output serves the SPA and the API in workerd${issue ? ` (known issue: ${issue})` : ""}`,
      async () => {
        const entry = entries.get("cloudflare");
        if (!entry) throw new Error("the cloudflare build above failed");
        await inWorkerd(dirname(entry), (fetch) => checkServes(fetch, options));
      },
      60_000,
    );
  });
}

/** The SPA, its deep links and the API answer from the built worker. */
async function checkServes(fetch: Fetch, options: PlatformBuildOptions): Promise<void> {
  const html = { headers: { accept: "text/html" } };
  const home = await fetch("/", html);
  expect(home.status).toBe(200);
  const shell = await home.text();
  expect(shell).toContain('<script type="module"');
  // No asset and no route: the worker's SPA fallback answers with the same shell.
  const deep = await fetch("/a/deep/link", html);
  expect([deep.status, await deep.text()]).toEqual([200, shell]);
  const missing = await fetch("/api/no-such-route", html);
  expect([missing.status, missing.headers.get("content-type")]).toEqual([404, "application/json"]);
  await options.probe?.(fetch);
}

async function inWorkerd(serverDir: string, run: (fetch: Fetch) => Promise<void>): Promise<void> {
  const { createMiniflare } = await import("@edgeplate/platform-cloudflare/miniflare");
  const persistDir = mkdtempSync(join(tmpdir(), "edgeplate-starter-cf-"));
  const mf = createMiniflare({ serverDir, persistDir, handleRuntimeStdio: () => {} });
  try {
    await mf.ready;
    await run(async (path, init) => {
      const answer = mf.dispatchFetch(`https://example.com${path}`, init as never) as unknown as Promise<Response>;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${init?.method ?? "GET"} ${path}: no answer from workerd within 10 s`)), 10_000)));
      return Promise.race([answer, hung]).finally(() => clearTimeout(timer));
    });
  } finally {
    await mf.dispose();
    removeDir(persistDir);
  }
}
