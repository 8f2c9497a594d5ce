// The bun, deno and cloudflare host cells on starters/minimal, built with its own CLI: each answers
// 200, stores a value through the app's API and still has it after a restart on the same persistDir;
// the Cloudflare output passes `wrangler deploy --dry-run`, and a broken one fails in one line.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWithAppCli } from "../../layout-hosts.ts";
import bun from "./bun.ts";
import cloudflare, { dryRunDeploy } from "./cloudflare.ts";
import deno from "./deno.ts";
import type { HostCell } from "./types.ts";

const starter = join(import.meta.dirname, "../../../starters/minimal");
const cells: [platform: string, cell: HostCell][] = [
  ["bun", bun],
  ["deno", deno],
  ["cloudflare", cloudflare],
];
// minimal's key-value route (PUT/GET /api/kv/<key>); without it only the 200 and the restart are checked.
const hasKv = existsSync(join(starter, "routes/api/kv/[key].ts"));
const outputs = new Map<string, string>();
const temp: string[] = [];

beforeAll(async () => {
  // A copy inside the repo, so its `edgeplate` resolves, and so builds here never race another
  // build of starters/minimal itself.
  const tmpRoot = join(import.meta.dirname, "../../.tmp");
  mkdirSync(tmpRoot, { recursive: true });
  const app = mkdtempSync(join(tmpRoot, "runtimes-minimal-"));
  temp.push(app);
  cpSync(starter, app, { recursive: true, filter: (src) => !/[/\\](node_modules|\.output|\.edgeplate|\.data)$/.test(src) });
  for (const [platform] of cells) {
    const out = await buildWithAppCli(app, platform);
    temp.push(out);
    outputs.set(platform, out);
  }
}, 120_000);

afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe.each(cells)("%s host cell on starters/minimal", (platform, cell) => {
  it(`starts, answers 200 from /api/hello${hasKv ? ", keeps a stored value across a restart" : " (no /api/kv in minimal: storage not checked)"}`, async () => {
    const dir = outputs.get(platform)!;
    const persistDir = mkdtempSync(join(tmpdir(), `edgeplate-cell-${platform}-`));
    temp.push(persistDir);
    const options = { env: {}, persistDir, readyPath: "/api/hello" };
    const value = `kept-${Math.random().toString(36).slice(2)}`;

    const first = await cell.start(dir, options);
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.coldStartMs).toBeGreaterThan(0);
      const hello = await first.fetch("/api/hello");
      expect(hello.status, first.output()).toBe(200);
      expect(await hello.json()).toMatchObject({ message: expect.any(String) });
      if (hasKv) {
        const put = await first.fetch("/api/kv/cell", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });
        expect(put.status, first.output()).toBe(200);
        expect(await (await first.fetch("/api/kv/cell")).json()).toEqual({ key: "cell", value });
      }
    } finally {
      await first.stop();
    }
    // The host kept its data where the cell pointed it, not inside the output.
    if (hasKv) expect(readdirSync(persistDir)).not.toEqual([]);

    const second = await cell.start(dir, options);
    try {
      expect((await second.fetch("/api/hello")).status).toBe(200);
      if (hasKv) expect(await (await second.fetch("/api/kv/cell")).json(), second.output()).toEqual({ key: "cell", value });
    } finally {
      await second.stop();
    }
    console.log(`[runtimes] ${cell.runtime}: cold start ${first.coldStartMs.toFixed(0)} ms, restart ${second.coldStartMs.toFixed(0)} ms`);
  });
});

describe("wrangler deploy --dry-run of the Cloudflare cell", () => {
  it("passes for the build, with the upload size and no warnings", async () => {
    const result = await dryRunDeploy(outputs.get("cloudflare")!);
    expect(result.upload).toMatch(/^Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB$/);
    expect(result.warnings).toEqual([]);
    expect(result.stdout).toMatch(/env\.ASSETS\s+Assets/);
  });

  it("fails in one line naming wrangler's reason when the config points at a missing entry, and start refuses it", async () => {
    const broken = mkdtempSync(join(tmpdir(), "edgeplate-cf-broken-"));
    temp.push(broken);
    cpSync(join(outputs.get("cloudflare")!, ".output"), join(broken, ".output"), { recursive: true });
    const configFile = join(broken, ".output/server/wrangler.json");
    writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, "utf8")), main: "missing.mjs" }));
    const error = await dryRunDeploy(broken).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^wrangler deploy --dry-run --config .*wrangler\.json failed: The entry-point file at "missing\.mjs" was not found\.$/);
    // The cell's start runs the same dry run first, so it never starts an output wrangler rejects.
    await expect(cloudflare.start(broken, { env: {}, persistDir: broken, readyPath: "/api/hello" })).rejects.toThrow(error!.message);
  });
});
