import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { join, resolve } from "pathe";
import type { InlineConfig } from "vite";
import { createError } from "../build/errors.ts";
import type { EdgeplateConfig } from "../types/config.ts";
import { overridesPlugin, type BuildFlags } from "./build.ts";

const VITE_CONFIGS = ["vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs"];

/** The app's Vite config file, if it is a Vite app. */
export function findViteConfig(rootDir: string): string | undefined {
  return VITE_CONFIGS.map((name) => join(resolve(rootDir), name)).find((file) => existsSync(file));
}

/**
 * Runs `vite build` for a Vite app with `edgeplate build`'s flags (`--platform`, `--minify`, …),
 * which win over `edgeplate.config.ts` as they do for a plain app. `vite` adds inline Vite config.
 */
export async function buildViteApp(rootDir: string, overrides: EdgeplateConfig = {}, vite: InlineConfig = {}): Promise<void> {
  const root = resolve(rootDir);
  const { build } = await importVite(root);
  const flags: BuildFlags = { overrides, built: false };
  await build({ ...vite, root, plugins: [overridesPlugin(flags), ...(vite.plugins ?? [])] });
  if (!flags.built) {
    throw createError("build", `Vite built the client but not the server: add \`edgeplate()\` from \`edgeplate/vite\` to \`plugins\` in \`${findViteConfig(root)}\`.`);
  }
}

/** Vite comes from the app's own install, the version its config was written for. */
async function importVite(root: string): Promise<typeof import("vite")> {
  let entry: string;
  try {
    entry = createRequire(join(root, "package.json")).resolve("vite");
  } catch {
    throw createError("build", `\`${root}\` has a Vite config but \`vite\` is not installed. Run \`npm install -D vite\` in the app.`);
  }
  return import(pathToFileURL(entry).href) as Promise<typeof import("vite")>;
}
