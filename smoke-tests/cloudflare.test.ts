import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMiniflare, miniflareOptions } from "@edgeplate/platform-cloudflare/miniflare";
import type { Miniflare } from "miniflare";
import { build } from "../engine/src/build/index.ts";
import { startServer, type RunningServer } from "../engine/test/helpers.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("cloudflare");
const serverDir = () => join(fixture.outDir, ".output/server");
const persistDir = mkdtempSync(join(tmpdir(), "edgeplate-cf-persist-"));
afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

/** miniflare's fetch, with the worker answering as `https://example.com`. */
function target(mf: Miniflare) {
  return {
    fetch: async (path: string, init?: RequestInit) => (await mf.dispatchFetch(`https://example.com${path}`, init as never)) as unknown as Response,
    close: () => mf.dispose(),
  };
}

describeConformance({
  platform: "cloudflare",
  fixture,
  async start({ env }) {
    const mf = createMiniflare({ serverDir: serverDir(), persistDir, vars: env });
    await mf.ready;
    return target(mf);
  },
});

describe("cloudflare: output", () => {
  it("hashes cache keys with workerd's node:crypto, not a bundled sha256", () => {
    const files = readdirSync(serverDir(), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".mjs"));
    const code = files.map((file) => readFileSync(join(serverDir(), file), "utf8"));
    // ocache's portable sha256 (its `#crypto` default arm) carries the first FIPS 180-4 round constant.
    expect(code.filter((text) => /1116352408|0x0*428a2f98|0x42_8a_2f_98/i.test(text))).toEqual([]);
    expect(code.some((text) => /from\s*["']node:crypto["']/.test(text))).toBe(true);
  });

  it("writes wrangler.json with assets, KV and D1 bindings", () => {
    const config = JSON.parse(readFileSync(join(serverDir(), "wrangler.json"), "utf8"));
    expect(config).toMatchObject({
      main: "index.mjs",
      assets: { directory: "../public", binding: "ASSETS" },
      d1_databases: [{ binding: "DB" }],
    });
    expect(config.compatibility_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("adds the app's own wrangler.json: vars, crons, a KV id replacing the generated binding", () => {
    const config = JSON.parse(readFileSync(join(serverDir(), "wrangler.json"), "utf8"));
    expect(config).toMatchObject({
      main: "index.mjs",
      vars: { FIXTURE_SOURCE: "wrangler.json" },
      triggers: { crons: ["*/5 * * * *"] },
      kv_namespaces: [{ binding: "DATA" }, { binding: "CACHE", id: "0123456789abcdef0123456789abcdef" }],
    });
  });

  it("turns on nodejs_compat because the bundle imports Node built-ins", () => {
    expect(JSON.parse(readFileSync(join(serverDir(), "wrangler.json"), "utf8")).compatibility_flags).toEqual(["nodejs_compat"]);
  });

  it("runs the `scheduled` handler as the app's `scheduled` hook", async () => {
    const mf = createMiniflare({ serverDir: serverDir() });
    try {
      // miniflare types its Fetcher loosely; `scheduled` is there at run time.
      const worker = (await mf.getWorker()) as unknown as { scheduled: (opts: { cron: string }) => Promise<unknown> };
      await worker.scheduled({ cron: "*/5 * * * *" });
      expect(await (await mf.dispatchFetch("https://example.com/api/kv/last-cron")).json()).toEqual({ value: "*/5 * * * *" });
    } finally {
      await mf.dispose();
    }
  });

  it("passes `wrangler deploy --dry-run` from the app folder", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "edgeplate-wrangler-"));
    try {
      const wrangler = join(import.meta.dirname, "../node_modules/.bin/wrangler");
      const { stdout } = await promisify(execFile)(wrangler, ["deploy", "--dry-run", "--outdir", outdir], {
        cwd: fixture.rootDir,
        env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
      });
      expect(stdout).toContain("--dry-run: exiting now.");
      expect(stdout).toMatch(/env\.DATA\s+KV Namespace/);
      expect(stdout).toMatch(/env\.DB .*D1 Database/);
      expect(stdout).toMatch(/env\.ASSETS\s+Assets/);
      expect(stdout).toContain("FIXTURE_SOURCE");
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  it("keeps the conformance run's cache entries in the CACHE namespace", async () => {
    const mf = createMiniflare({ serverDir: serverDir(), persistDir });
    try {
      // miniflare's binding types are loose; this is a KVNamespace.
      const kv = (await mf.getKVNamespace("CACHE")) as unknown as { list: () => Promise<{ keys: { name: string }[] }> };
      const { keys } = await kv.list();
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await mf.dispose();
    }
  });

  it("keeps KV data written through a binding across Miniflare instances", async () => {
    const dir = mkdtempSync(join(tmpdir(), "edgeplate-cf-kv-"));
    try {
      const first = target(createMiniflare({ serverDir: serverDir(), persistDir: dir }));
      await first.fetch("/api/kv/persisted", { method: "PUT", headers: { "content-type": "application/json" }, body: '"kept"' });
      await first.close();
      const second = target(createMiniflare({ serverDir: serverDir(), persistDir: dir }));
      expect(await (await second.fetch("/api/kv/persisted")).json()).toEqual({ value: "kept" });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("falls back to memory with one warning when the KV bindings are missing", async () => {
    let logs = "";
    const options = miniflareOptions({
      serverDir: serverDir(),
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        stdout.on("data", (d: Buffer) => (logs += d));
        stderr.on("data", (d: Buffer) => (logs += d));
      },
    });
    const { Miniflare: MF } = await import("miniflare");
    const mf = target(new MF({ ...options, kvNamespaces: {} }));
    try {
      await mf.fetch("/api/kv/a", { method: "PUT", headers: { "content-type": "application/json" }, body: "1" });
      expect(await (await mf.fetch("/api/kv/a")).json()).toEqual({ value: 1 });
      await mf.fetch("/api/kv/b");
      await new Promise((r) => setTimeout(r, 200));
      expect(logs.match(/KV binding `DATA` is missing/g)).toHaveLength(1);
    } finally {
      await mf.close();
    }
  });

  it("D1 answers useDatabase() and keeps its data across Miniflare instances", async () => {
    const dir = mkdtempSync(join(tmpdir(), "edgeplate-cf-d1-"));
    try {
      const first = target(createMiniflare({ serverDir: serverDir(), persistDir: dir }));
      const a = (await (await first.fetch("/api/db")).json()) as { visits: number };
      await first.close();
      const second = target(createMiniflare({ serverDir: serverDir(), persistDir: dir }));
      expect(await (await second.fetch("/api/db")).json()).toEqual({ visits: a.visits + 1 });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cloudflare: R2 storage when configured", () => {
  const r2Fixture = useBuiltFixture("cloudflare", { overrides: { storage: { data: { driver: "cloudflare-r2-binding", binding: "FILES" } } } });

  it("declares the bucket in wrangler.json and stores `data` in it", async () => {
    const dir = join(r2Fixture.outDir, ".output/server");
    const config = JSON.parse(readFileSync(join(dir, "wrangler.json"), "utf8"));
    expect(config.r2_buckets).toEqual([{ binding: "FILES", bucket_name: expect.stringMatching(/-files$/) }]);
    expect(config.kv_namespaces).toEqual([{ binding: "CACHE", id: "0123456789abcdef0123456789abcdef" }]);
    const mf = createMiniflare({ serverDir: dir });
    try {
      await mf.dispatchFetch("https://example.com/api/kv/doc", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"in":"r2"}' });
      const bucket = (await mf.getR2Bucket("FILES")) as unknown as { get: (key: string) => Promise<{ text: () => Promise<string> } | null> };
      expect(JSON.parse(await (await bucket.get("doc"))!.text())).toEqual({ in: "r2" });
    } finally {
      await mf.dispose();
    }
  });
});

describe("cloudflare: public files and redirects answered by the assets router as node-server answers them", () => {
  const cf = useBuiltFixture("cloudflare", { fixture: "host-rules" });
  const node = useBuiltFixture("node-server", { fixture: "host-rules" });
  let worker: ReturnType<typeof target>;
  let server: RunningServer;
  beforeAll(async () => {
    worker = target(createMiniflare({ serverDir: join(cf.outDir, ".output/server") }));
    server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: node.outDir });
  });
  afterAll(async () => {
    await worker?.close();
    await server?.stop();
  });

  /** What the comparison covers: status, cache and rule headers, and where a redirect goes. */
  const answer = (res: Response) => ({
    status: res.status,
    ...Object.fromEntries(["cache-control", "x-assets", "access-control-allow-origin", "access-control-expose-headers"].map((h) => [h, res.headers.get(h)])),
    location: res.headers.get("location") && new URL(res.headers.get("location")!, "http://x").pathname,
  });

  it.each([
    ["a hashed asset (immutable) with a rule header", "/assets/app-B3xAbc12.js"],
    ["a `publicAssets` file with its maxAge", "/downloads/guide.txt"],
    ["a file under a `cors` rule", "/fonts/inter.woff2"],
    ["a file whose rule sets its own cache-control", "/robots.txt"],
    ["a prerendered page", "/about"],
    ["a redirect rule on a path that is also a file", "/moved.txt"],
    ["the more specific of two redirect rules", "/legacy/special"],
    ["a wildcard redirect", "/legacy/a/b"],
  ])("%s (%s)", async (_what, path) => {
    const [expected, actual] = await Promise.all([fetch(server.url + path, { redirect: "manual" }), worker.fetch(path, { redirect: "manual" })]);
    expect(answer(actual)).toEqual(answer(expected));
  });

  it("sends other methods than GET on a prerendered path to the worker (run_worker_first), where its route answers", async () => {
    const post = () => ({ method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}', redirect: "manual" as const });
    const [expected, actual] = await Promise.all([fetch(`${server.url}/contact`, post()), worker.fetch("/contact", post())]);
    expect(actual.status).toBe(expected.status);
    expect(await actual.json()).toEqual(await expected.json());
    const config = JSON.parse(readFileSync(join(cf.outDir, ".output/server/wrangler.json"), "utf8"));
    expect(config.assets.run_worker_first).toEqual(["/contact", "/contact/"]);
  });

  // Needs platforms/cloudflare/runtime/entry.ts to answer GET and HEAD of `run_worker_first` paths
  // from `env.ASSETS`; until then the worker renders the page again (no file cache-control).
  it("still serves GET of that path from the prerendered file", async () => {
    const [expected, actual] = await Promise.all([fetch(`${server.url}/contact`), worker.fetch("/contact")]);
    expect(answer(actual)).toEqual(answer(expected));
  });

  it("writes _headers and _redirects next to the assets, not served as files", async () => {
    const publicDir = join(cf.outDir, ".output/public");
    expect(readFileSync(join(publicDir, "_headers"), "utf8")).toContain("/assets/*\n  cache-control: public, max-age=31536000, immutable\n  x-assets: 1\n");
    expect(readFileSync(join(publicDir, "_redirects"), "utf8")).toBe("/moved.txt /robots.txt 307\n/legacy/special /special 307\n/legacy/* /docs/:splat 308\n");
    expect((await worker.fetch("/_headers")).status).toBe(404);
  });
});

/** Writes a small app (inside the repo, so its `edgeplate` imports resolve), builds it for Cloudflare; returns its server folder. */
function useCloudflareApp(name: string, files: Record<string, string>): string {
  const app = join(import.meta.dirname, ".tmp", `${name}-${process.pid}`);
  beforeAll(async () => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(app, file, ".."), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    await build({ rootDir: app, overrides: { platform: "cloudflare" } });
  });
  afterAll(() => rmSync(app, { recursive: true, force: true }));
  return join(app, ".output/server");
}

describe("cloudflare: runtime config from the worker's vars", () => {
  const appServer = useCloudflareApp("cf-vars", {
    "package.json": `{ "type": "module" }`,
    "edgeplate.config.ts": `export default { runtimeConfig: { limit: 10, strict: false, greeting: "Hello" } };`,
    // wrangler.json vars may be any JSON value, not only strings.
    "wrangler.json": JSON.stringify({ vars: { EDGEPLATE_LIMIT: 99, EDGEPLATE_STRICT: true, EDGEPLATE_GREETING: "Howdy" } }),
    "plugins/startup.ts": `import { definePlugin } from "edgeplate";
import { useRuntimeConfig } from "edgeplate/runtime-config";
export default definePlugin(() => { globalThis.__startupConfig = { ...useRuntimeConfig() }; });`,
    "routes/config.ts": `import { useRuntimeConfig } from "edgeplate/runtime-config";
export default () => ({ startup: globalThis.__startupConfig, now: useRuntimeConfig() });`,
  });
  const config = async () => {
    const mf = target(createMiniflare({ serverDir: appServer }));
    try {
      return (await (await mf.fetch("/config")).json()) as { startup: unknown; now: unknown };
    } finally {
      await mf.close();
    }
  };

  it("numeric and boolean vars override numeric and boolean keys", async () => {
    // `app.baseURL` is always there, as in Nitro.
    expect((await config()).now).toEqual({ app: { baseURL: "/" }, limit: 99, strict: true, greeting: "Howdy" });
  });

  it("a plugin reading useRuntimeConfig() at startup sees the vars", async () => {
    expect((await config()).startup).toMatchObject({ greeting: "Howdy" });
  });
});

describe("cloudflare: storage options from the worker's vars", () => {
  const appServer = useCloudflareApp("cf-storage-vars", {
    "package.json": `{ "type": "module" }`,
    // `extra` gets its KV binding from a var alone (EDGEPLATE_STORAGE_EXTRA_BINDING); `""` makes it required.
    "edgeplate.config.ts": `export default { storage: { extra: { driver: "cloudflare-kv-binding", binding: "" } } };`,
    "routes/kv.ts": `import { useStorage } from "edgeplate/storage";
export default async () => {
  await useStorage("extra").setItem("k", "written through extra");
  return { data: await useStorage("data").getItem("k") };
};`,
  });

  it("creates the mount with EDGEPLATE_STORAGE_EXTRA_BINDING, read when it is first used", async () => {
    const mf = target(createMiniflare({ serverDir: appServer, vars: { EDGEPLATE_STORAGE_EXTRA_BINDING: "DATA" } }));
    try {
      // `extra` is the `DATA` namespace, which the default `data` mount reads.
      expect(await (await mf.fetch("/kv")).json()).toEqual({ data: "written through extra" });
    } finally {
      await mf.close();
    }
  });

  it("names the var to set when the worker has none", async () => {
    let logs = "";
    const mf = target(
      createMiniflare({
        serverDir: appServer,
        handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
          stdout.on("data", (d: Buffer) => (logs += d));
          stderr.on("data", (d: Buffer) => (logs += d));
        },
      }),
    );
    try {
      expect((await mf.fetch("/kv")).status).toBe(500);
      await new Promise((r) => setTimeout(r, 200));
      expect(logs).toContain("[edgeplate] [storage] storage mount `extra` has no `binding`. Set `EDGEPLATE_STORAGE_EXTRA_BINDING` where the server runs");
    } finally {
      await mf.close();
    }
  });
});
