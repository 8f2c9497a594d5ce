import { readFile } from "node:fs/promises";
import { checkTemplate, resolveRenderer } from "../renderer.ts";
import type { VirtualContext } from "./index.ts";

/**
 * `#edgeplate/renderer`: the renderer's handler as a lazily imported module (its own chunk, loaded
 * on the first page), or the template inlined as a static page (read at each request in dev, so an
 * edit shows without a rebuild).
 */
export async function rendererModule({ options }: VirtualContext): Promise<string> {
  const renderer = resolveRenderer(options);
  if (renderer?.handler) {
    return `import { defineLazyEventHandler } from "h3";
export const renderer = defineLazyEventHandler(() => import(${JSON.stringify(renderer.handler)}).then((m) => m.default));
`;
  }
  if (!renderer?.template) return "export const renderer = undefined;\n";
  const html = checkTemplate(await readFile(renderer.template, "utf8"), renderer.template, options.rootDir);
  if (options.dev) {
    return `import { readFile } from "node:fs/promises";
export const renderer = () => readFile(${JSON.stringify(renderer.template)}, "utf8");
`;
  }
  return `const html = ${JSON.stringify(html)};
export const renderer = () => html;
`;
}
