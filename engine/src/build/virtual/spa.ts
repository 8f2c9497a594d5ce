import { readFile } from "node:fs/promises";
import { createError } from "../errors.ts";
import { withBaseURL } from "../base-url.ts";
import type { VirtualContext } from "./index.ts";

/**
 * The SPA shell for the fallback, inlined: hosts whose CDN serves `public/` (the bundle then has no
 * public files) still answer deep links with it, with no host-specific code.
 */
export async function spaModule({ options, publicFiles }: VirtualContext): Promise<string> {
  const { spa } = options.config;
  if (!spa) return "export const spaIndex = undefined;\nexport const spaBase = undefined;\n";
  // Under the app's `baseURL` (`/app/`): `spa: true` is its root, `spa: "/admin/"` is `/app/admin/`.
  const trimmed = typeof spa === "string" ? spa.replace(/^\/+|\/+$/g, "") : "";
  const base = withBaseURL(options.baseURL, trimmed ? `/${trimmed}/` : "/");
  const index = publicFiles.find((f) => f.path === `${base}index.html`);
  if (!index) {
    throw createError("build", `\`spa\` is on but there is no public \`${base}index.html\`. Build the client first (\`vite build\`) or set \`spa: false\`.`);
  }
  return `export const spaIndex = ${JSON.stringify(await readFile(index.source, "utf8"))};\nexport const spaBase = ${JSON.stringify(base)};\n`;
}
