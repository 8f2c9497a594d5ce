import type { Plugin } from "vite";

/** Where the client is built before the server build copies it into the platform's public dir. */
export const CLIENT_OUT_DIR = ".edgeplate/client";

// Server build outputs and runtime data: they must not trigger Vite reloads or dependency scans.
const SERVER_OUTPUTS = ["**/.edgeplate/**", "**/.output/**", "**/.data/**", "**/.netlify/**", "**/.vercel/**"];

/** Defaults that let Vite and the server build share one app folder. The user's own settings win. */
export function configPlugin(): Plugin {
  return {
    name: "edgeplate:config",
    config(user) {
      return {
        build: {
          outDir: user.build?.outDir ?? CLIENT_OUT_DIR,
          // The server build copies `public/` itself, for every platform; a second copy would clash.
          copyPublicDir: user.build?.copyPublicDir ?? false,
          emptyOutDir: user.build?.emptyOutDir ?? true,
        },
        server: { watch: { ignored: SERVER_OUTPUTS } },
        // A platform's public dir (Netlify's `dist/`) may hold an old `index.html`; scan only the app's own.
        optimizeDeps: { entries: user.optimizeDeps?.entries ?? ["index.html"] },
      };
    },
  };
}
