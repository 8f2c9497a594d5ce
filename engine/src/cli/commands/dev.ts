import { defineCommand } from "citty";
import { resolve } from "pathe";

export default defineCommand({
  meta: { name: "dev", description: "Serve the app with rebuild on change." },
  args: {
    dir: { type: "positional", required: false, default: ".", description: "App folder" },
    port: { type: "string", description: "Port (default: PORT or 3000)" },
    host: { type: "string", description: "Host to listen on (default: all interfaces)" },
  },
  async run({ args }) {
    // The build thread (config, first build) and the app's thread (its dependencies) boot on the
    // other core while this one loads the dev server's modules (most of a restart's time).
    const [{ BuildThread }, { DevRunner }, { lastDependencies }] = await Promise.all([
      import("../../build/dev-build-client.ts"),
      import("../../build/dev-runner.ts"),
      import("../../build/dev-reuse.ts"),
    ]);
    const rootDir = resolve(args.dir);
    const builder = new BuildThread(rootDir);
    const runner = new DevRunner();
    runner.preload(await lastDependencies(rootDir));
    const { createDevServer } = await import("../../build/dev.ts");
    const server = await createDevServer({ rootDir, port: args.port ?? process.env.PORT ?? 3000, host: args.host, runner, builder });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
  },
});
