import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";
import { importAttributesPlugin } from "./import-attributes.ts";
import { importMetaPlugin } from "./import-meta.ts";
import { rawPlugin } from "./raw.ts";
import { wasmPlugin } from "./wasm.ts";

/**
 * Nitro's loaders (raw, import attributes, `.wasm`, `import.meta.*` flags), in front of every
 * other plugin so no resolver takes `raw:` or `text:` for a package name.
 */
export function loaderPlugins(options: ResolvedOptions): Plugin[] {
  return [importAttributesPlugin(), rawPlugin(), wasmPlugin(options), importMetaPlugin(options)];
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The build error for an import nothing resolved: a package to install, or, for a prefixed
 * specifier (`foo:bar`) that is no package name, the prefixes that do exist.
 */
export function unresolvedImportMessage(exporter: string, importer: string | undefined, packageName: string): string {
  const by = importer ? ` (imported by \`${importer}\`)` : "";
  const scheme = SCHEME.exec(exporter)?.[1];
  if (scheme && !exporter.startsWith("@")) {
    return `\`${exporter}\`${by} has an unknown \`${scheme}:\` prefix. Use \`raw:\`, \`text:\` or \`bytes:\` for a file's contents, \`node:\` for a Node built-in, or a path or package name.`;
  }
  return `\`${exporter}\`${by} is not installed. Run \`npm install ${packageName}\` in the app.`;
}
