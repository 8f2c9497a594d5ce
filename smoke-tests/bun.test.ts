import { startServer } from "../engine/test/helpers.ts";
import { findBun } from "../platforms/bun/binary.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";
import { describeGracefulShutdown } from "./shutdown.ts";

const fixture = useBuiltFixture("bun");

describeConformance({
  platform: "bun",
  fixture,
  async start({ outDir, env }) {
    const server = await startServer(findBun(), ["--no-install", ".output/server/index.mjs"], { cwd: outDir, env });
    return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()) };
  },
});

describeGracefulShutdown("bun", (outDir, env) => startServer(findBun(), ["--no-install", ".output/server/index.mjs"], { cwd: outDir, env }));
