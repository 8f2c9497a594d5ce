import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer } from "../engine/test/helpers.ts";
import { findBun } from "../platforms/bun/binary.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("bun");

describeConformance({
  platform: "bun",
  fixture,
  async start({ outDir, env }) {
    const server = await startServer(findBun(), [".output/server/index.mjs"], { cwd: outDir, env });
    return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()) };
  },
});

describe("bun: shutdown", () => {
  // Inside the repo, so the app's `edgeplate` imports resolve.
  const app = join(import.meta.dirname, ".tmp", `bun-close-${process.pid}`);
  let out: string | undefined;
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
    if (out) removeDir(out);
  });

  it("on SIGTERM finishes the in-flight request, runs the close hook, then exits 0", async () => {
    const files = {
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
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(app, file, ".."), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    out = await buildAndCopy(app, { platform: "bun" });
    const mark = join(out, "closed.txt");
    const server = await startServer(findBun(), [".output/server/index.mjs"], { cwd: out, env: { CLOSE_MARK: mark } });
    const inflight = fetch(`${server.url}/slow`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.stop("SIGTERM");
    expect(await inflight).toEqual({ waited: true, closedEarly: false });
    expect(await exited, server.output()).toBe(0);
    expect(existsSync(mark)).toBe(true);
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
