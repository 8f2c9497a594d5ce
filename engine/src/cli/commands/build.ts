import { defineCommand } from "citty";
import { build } from "../../build/build.ts";
import { buildViteApp, findViteConfig } from "../../vite/cli.ts";

export default defineCommand({
  meta: { name: "build", description: "Bundle the app into a standalone output for a platform." },
  args: {
    dir: { type: "positional", required: false, default: ".", description: "App folder" },
    platform: { type: "string", description: "Target platform (node-server, node-cluster, cloudflare, netlify, vercel, bun, deno, static)" },
    minify: { type: "boolean", description: "Minify the server bundle" },
    sourcemap: { type: "boolean", description: "Write source maps" },
  },
  async run({ args }) {
    const overrides = {
      ...(args.platform && { platform: args.platform }),
      ...(args.minify !== undefined && { minify: args.minify }),
      ...(args.sourcemap !== undefined && { sourcemap: args.sourcemap }),
    };
    // A Vite app (vite.config.* next to index.html) builds client and server through `vite build`.
    if (findViteConfig(args.dir)) return buildViteApp(args.dir, overrides);
    await build({ rootDir: args.dir, overrides });
  },
});
