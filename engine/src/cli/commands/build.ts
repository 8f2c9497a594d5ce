import { defineCommand } from "citty";
import { build } from "../../build/build.ts";

export default defineCommand({
  meta: { name: "build", description: "Bundle the app into a standalone output for a platform." },
  args: {
    dir: { type: "positional", required: false, default: ".", description: "App folder" },
    platform: { type: "string", description: "Target platform (node-server, node-cluster, cloudflare, netlify, vercel, bun, deno, static)" },
    minify: { type: "boolean", description: "Minify the server bundle" },
    sourcemap: { type: "boolean", description: "Write source maps" },
  },
  async run({ args }) {
    await build({
      rootDir: args.dir,
      overrides: {
        ...(args.platform && { platform: args.platform }),
        ...(args.minify !== undefined && { minify: args.minify }),
        ...(args.sourcemap !== undefined && { sourcemap: args.sourcemap }),
      },
    });
  },
});
