import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { startServer, waitFor } from "./helpers.ts";

const bin = join(import.meta.dirname, "../bin/edgeplate.mjs");
const fixture = join(import.meta.dirname, "fixtures/core");
const root = join(import.meta.dirname, ".tmp", `preview-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("edgeplate preview", () => {
  // A process manager stops the preview, not the server it runs: an orphaned server kept the port.
  it.each(["node-server", "node-cluster"])("%s: SIGTERM stops the server it started, and exits with its code", async (platform) => {
    // Inside the repo, so the app's `edgeplate` imports resolve.
    const app = join(root, platform);
    cpSync(fixture, app, { recursive: true });
    await build({ rootDir: app, overrides: { platform } });
    const preview = await startServer(process.execPath, [bin, "preview", "."], { cwd: app, env: { EDGEPLATE_CLUSTER_WORKERS: "2" } });
    expect((await fetch(`${preview.url}/api/hello`)).status).toBe(200);
    expect(await preview.stop("SIGTERM"), preview.output()).toBe(0);
    await waitFor(() => expect(fetch(preview.url, { signal: AbortSignal.timeout(1000) })).rejects.toThrow(), 3000);
  });
});
