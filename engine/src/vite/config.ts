import { existsSync } from "node:fs";
import { join, resolve } from "pathe";
import type { Plugin, UserConfig } from "vite";

/** Where the client is built before the server build copies it into the platform's public dir. */
export const CLIENT_OUT_DIR = ".edgeplate/client";

// Server build outputs and runtime data in the app folder: changes there are not the client's.
const SERVER_OUTPUTS = [".edgeplate", ".output", ".data", ".netlify", ".vercel"];

/**
 * Matches `dir` and what is below it. A function, not a glob: Vite's watcher (chokidar 3) turns the
 * backslashes that escape a glob into slashes, so an app folder named `app (copy)` would get a
 * pattern matching nothing, and every dev build's output would reach Vite as a change.
 */
const inside = (dir: string) => (path: string) => {
  // Windows paths come with backslashes; `dir` (pathe) has forward slashes.
  const unix = path.replaceAll("\\", "/");
  return unix === dir || unix.startsWith(`${dir}/`);
};

// The client entry of a server-only app: nothing, and dropped from the output.
const NO_CLIENT = "\0edgeplate:no-client";

/**
 * A Vite app with no `index.html` and no client entry of its own is a server-only app (as Nitro
 * treats it): Vite builds an empty client, which is left out of the output, and there is no SPA.
 */
function isServerOnly(user: UserConfig, root: string): boolean {
  const input = user.build?.rollupOptions?.input ?? (user.build as { rolldownOptions?: { input?: unknown } } | undefined)?.rolldownOptions?.input;
  return input === undefined && !existsSync(join(root, "index.html"));
}

/** Defaults that let Vite and the server build share one app folder. The user's own settings win. */
export function configPlugin(): Plugin {
  return {
    name: "edgeplate:config",
    resolveId: (id) => (id === NO_CLIENT ? id : null),
    load: (id) => (id === NO_CLIENT ? "export {};" : null),
    generateBundle(_, bundle) {
      for (const [name, chunk] of Object.entries(bundle)) if (chunk.type === "chunk" && chunk.facadeModuleId === NO_CLIENT) delete bundle[name];
    },
    config(user) {
      // Vite's own default root; only this app's folders are ignored, not same-named ones below it.
      const root = resolve(user.root ?? process.cwd());
      const serverOnly = isServerOnly(user, root);
      return {
        ...(serverOnly && { appType: user.appType ?? "custom" }),
        build: {
          ...(serverOnly && { rollupOptions: { ...user.build?.rollupOptions, input: NO_CLIENT } }),
          outDir: user.build?.outDir ?? CLIENT_OUT_DIR,
          // The server build adds Vite's public dir at `base` itself (build.ts): a copy in the client
          // output would clash with the app's `public/`, which every build serves at `/`.
          copyPublicDir: user.build?.copyPublicDir ?? false,
          emptyOutDir: user.build?.emptyOutDir ?? true,
        },
        server: { watch: { ignored: SERVER_OUTPUTS.map((dir) => inside(join(root, dir))) } },
        // A platform's public dir (Netlify's `dist/`) may hold an old `index.html`; scan only the app's own.
        optimizeDeps: { entries: user.optimizeDeps?.entries ?? ["index.html"] },
      };
    },
  };
}
