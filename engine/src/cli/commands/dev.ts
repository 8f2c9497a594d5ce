import { defineCommand } from "citty";
import { createDevServer } from "../../build/dev.ts";

export default defineCommand({
  meta: { name: "dev", description: "Serve the app with rebuild on change." },
  args: {
    dir: { type: "positional", required: false, default: ".", description: "App folder" },
    port: { type: "string", description: "Port (default: PORT or 3000)" },
    host: { type: "string", description: "Host to listen on (default: all interfaces)" },
  },
  async run({ args }) {
    const server = await createDevServer({ rootDir: args.dir, port: args.port ?? process.env.PORT ?? 3000, host: args.host });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
  },
});
