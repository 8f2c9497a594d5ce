import { join, resolve } from "pathe";
import type { Plugin } from "vite";

/** Where the client is built before the server build copies it into the platform's public dir. */
export const CLIENT_OUT_DIR = ".edgeplate/client";

// Server build outputs and runtime data in the app folder: changes there are not the client's.
const SERVER_OUTPUTS = [".edgeplate", ".output", ".data", ".netlify", ".vercel"];

/** Defaults that let Vite and the server build share one app folder. The user's own settings win. */
export function configPlugin(): Plugin {
  return {
    name: "edgeplate:config",
    config(user) {
      // Vite's own default root; only this app's folders are ignored, not same-named ones below it.
      const root = resolve(user.root ?? process.cwd());
      return {
        build: {
          outDir: user.build?.outDir ?? CLIENT_OUT_DIR,
          // The server build adds Vite's public dir at `base` itself (build.ts): a copy in the client
          // output would clash with the app's `public/`, which every build serves at `/`.
          copyPublicDir: user.build?.copyPublicDir ?? false,
          emptyOutDir: user.build?.emptyOutDir ?? true,
        },
        server: { watch: { ignored: SERVER_OUTPUTS.map((dir) => `${join(root, dir).replace(/[()[\]{}*?!]/g, "\\$&")}/**`) } },
        // A platform's public dir (Netlify's `dist/`) may hold an old `index.html`; scan only the app's own.
        optimizeDeps: { entries: user.optimizeDeps?.entries ?? ["index.html"] },
      };
    },
  };
}
