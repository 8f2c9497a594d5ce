// One graceful-shutdown check for every output that runs as a server process (bun, deno).
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, type RunningServer } from "../engine/test/helpers.ts";

const APP = {
  "package.json": `{ "type": "module" }`,
  "plugins/close.ts": `import { writeFileSync } from "node:fs";
import { env } from "node:process";
import { definePlugin } from "edgeplate";
export default definePlugin((app) => {
  app.hooks.hook("close", () => writeFileSync(env.CLOSE_MARK, "closed"));
});`,
  // Whether the close hook already ran while this request was still in flight.
  "routes/slow.ts": `import { existsSync } from "node:fs";
import { env } from "node:process";
export default async () => {
  await new Promise((r) => setTimeout(r, 500));
  return { waited: true, closedEarly: existsSync(env.CLOSE_MARK) };
};`,
};

/** `start` runs the built output in `outDir` with `env` (which holds `CLOSE_MARK`). */
export function describeGracefulShutdown(platform: string, start: (outDir: string, env: Record<string, string>) => Promise<RunningServer>): void {
  describe(`${platform}: shutdown`, () => {
    // Inside the repo, so the app's `edgeplate` imports resolve.
    const app = join(import.meta.dirname, ".tmp", `${platform}-close-${process.pid}`);
    let out: string | undefined;
    afterAll(() => {
      rmSync(app, { recursive: true, force: true });
      if (out) removeDir(out);
    });

    it("on SIGTERM finishes the in-flight request, runs the close hook, then exits 0", async () => {
      for (const [file, text] of Object.entries(APP)) {
        mkdirSync(join(app, file, ".."), { recursive: true });
        writeFileSync(join(app, file), text);
      }
      out = await buildAndCopy(app, { platform });
      const mark = join(out, "closed.txt");
      const server = await start(out, { CLOSE_MARK: mark });
      const inflight = fetch(`${server.url}/slow`).then((r) => r.json());
      await new Promise((r) => setTimeout(r, 100));
      const exited = server.stop("SIGTERM");
      expect(await inflight).toEqual({ waited: true, closedEarly: false });
      expect(await exited, server.output()).toBe(0);
      expect(existsSync(mark)).toBe(true);
      await expect(fetch(server.url)).rejects.toThrow();
    });

    it("past EDGEPLATE_SHUTDOWN_TIMEOUT logs how many requests it cut off and exits 1", async () => {
      if (!out) throw new Error("the graceful shutdown test builds the output first");
      const server = await start(out, { CLOSE_MARK: join(out, "closed-timeout.txt"), EDGEPLATE_SHUTDOWN_TIMEOUT: "0.1" });
      const cut = fetch(`${server.url}/slow`).catch(() => "cut off");
      await new Promise((r) => setTimeout(r, 100));
      expect(await server.stop("SIGTERM"), server.output()).toBe(1);
      expect(await cut).toBe("cut off");
      expect(server.output()).toMatch(/shutdown timeout .*: 1 request\(s\) cut off/);
    });
  });
}
