import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../engine/test/helpers.ts";
import { findDeno } from "../platforms/deno/deno.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";
import { describeGracefulShutdown } from "./shutdown.ts";

const fixture = useBuiltFixture("deno");
const startTask = () => (JSON.parse(readFileSync(join(fixture.outDir, ".output/deno.json"), "utf8")) as { tasks: { start: string } }).tasks.start;

describeConformance({
  platform: "deno",
  fixture,
  async start({ outDir, env }) {
    // The `start` task's own command, run directly so stopping it stops Deno (no task runner in between).
    const [command, ...args] = startTask().split(" ");
    expect(command).toBe("deno");
    const server = await startServer(findDeno(), args, { cwd: join(outDir, ".output"), env: { ...env, DENO_NO_UPDATE_CHECK: "1" } });
    return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()) };
  },
});

describe("deno: output", () => {
  it("writes .output/deno.json with a start task", () => {
    expect(startTask()).toBe("deno run --allow-net --allow-read --allow-write --allow-env --allow-sys ./server/index.mjs");
  });
});

describeGracefulShutdown("deno", (outDir, env) => {
  const [, ...args] = startTask().split(" ");
  return startServer(findDeno(), args, { cwd: join(outDir, ".output"), env: { ...env, DENO_NO_UPDATE_CHECK: "1" } });
});
