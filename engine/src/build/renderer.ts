import { existsSync } from "node:fs";
import { join, relative, resolve } from "pathe";
import type { ResolvedOptions } from "../types/config.ts";
import { createError } from "./errors.ts";
import { logger } from "./logger.ts";

export interface ResolvedRenderer {
  /** The module rendering pages (absolute). */
  handler?: string;
  /** The HTML page served when there is no handler (absolute). */
  template?: string;
}

const HANDLER_EXTENSIONS = ["", ".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx"];
// Nitro's templates may hold rendu code (`<?js … ?>`, `<?= … ?>`, `<script server>`), which Edgeplate does not evaluate.
const TEMPLATE_CODE = /<\?(?:=|js\b|\s)|<script\s[^>]*\bserver\b/;

const reported = new Set<string>();

/**
 * `renderer` from the config, or Nitro's default: an app that is not built by Vite (whose plugin
 * always decides `spa`, and whose `index.html` is the client's entry) and has an `index.html` at
 * its root serves it for every path no route answers.
 */
export function resolveRenderer(options: ResolvedOptions): ResolvedRenderer | undefined {
  const { renderer, spa } = options.config;
  if (renderer === false) return undefined;
  if (renderer?.handler) return { handler: resolveHandler(options.rootDir, renderer.handler) };
  if (renderer?.template) return { template: resolveTemplate(options.rootDir, renderer.template) };
  const index = join(options.rootDir, "index.html");
  if (spa !== undefined || !existsSync(index)) return undefined;
  if (!reported.has(index)) {
    reported.add(index);
    logger.info("Using `index.html` as the renderer template (set `renderer: false` to turn this off).");
  }
  return { template: index };
}

function resolveHandler(rootDir: string, path: string): string {
  const base = resolve(rootDir, path);
  const found = HANDLER_EXTENSIONS.map((ext) => base + ext).find((file) => existsSync(file) && !file.endsWith("/"));
  if (!found)
    throw createError("renderer", `\`renderer.handler\` names \`${path}\`, which does not exist in \`${rootDir}\`. Point it at a module that default-exports the page handler.`);
  return found;
}

function resolveTemplate(rootDir: string, path: string): string {
  const file = resolve(rootDir, path);
  if (!existsSync(file)) throw createError("renderer", `\`renderer.template\` names \`${path}\`, which does not exist in \`${rootDir}\`. Point it at an HTML file.`);
  return file;
}

/** The template's HTML; rendu code in it is refused rather than sent to browsers as text. */
export function checkTemplate(html: string, file: string, rootDir: string): string {
  const at = TEMPLATE_CODE.exec(html);
  if (at) {
    const line = html.slice(0, at.index).split("\n").length;
    throw createError(
      "renderer",
      `\`${relative(rootDir, file)}:${line}\` holds template code (\`${at[0].trim()}\`), which Edgeplate serves as it is and never runs. Render dynamic HTML in a \`renderer.handler\` module instead.`,
    );
  }
  return html;
}
