import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "pathe";
import { createError } from "./errors.ts";
import { loadOptions } from "./options.ts";

/** `edgeplate preview`: runs the last build the way its host would, as recorded in `edgeplate.json`. */
export async function preview(rootDir = "."): Promise<void> {
  const root = resolve(rootDir);
  const initial = await loadOptions({ rootDir: root });
  const manifestFile = join(initial.output.dir, "edgeplate.json");
  if (!existsSync(manifestFile)) {
    throw createError("preview", `no build found at \`${manifestFile}\`. Run \`edgeplate build\` first.`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { platform: string };
  // Reload for the built platform: its output layout (Netlify's `.netlify/`, Vercel's `.vercel/`) differs.
  const options = manifest.platform === initial.preset.name ? initial : await loadOptions({ rootDir: root, overrides: { platform: manifest.platform } });
  if (!options.preset.preview) {
    throw createError("preview", `platform \`${manifest.platform}\` has no local preview. Deploy it with \`${options.preset.commands?.deploy ?? "its host's CLI"}\`.`);
  }
  await options.preset.preview({ options, publicFiles: [] });
}
