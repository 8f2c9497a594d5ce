import { startServer } from "../engine/test/helpers.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("node-server");

describeConformance({
  platform: "node-server",
  fixture,
  async start({ outDir, env }) {
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env });
    return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()) };
  },
});
