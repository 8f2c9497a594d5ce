import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";
import { aliasPlugin, looksLikeAlias } from "./alias.ts";
import { importAttributesPlugin } from "./import-attributes.ts";
import { importMetaPlugin } from "./import-meta.ts";
import { rawPlugin } from "./raw.ts";
import { wasmPlugin } from "./wasm.ts";

/**
 * Nitro's loaders (raw, import attributes, `.wasm`, `import.meta.*` flags) and its `alias`, in front
 * of every other plugin so no resolver takes `raw:`, `text:` or `~server/x` for a package name.
 */
export function loaderPlugins(options: ResolvedOptions): Plugin[] {
  return [importAttributesPlugin(), rawPlugin(), wasmPlugin(options), importMetaPlugin(options), aliasPlugin(options)];
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * The build error for an import nothing resolved: a package to install, or, for a prefixed
 * specifier (`foo:bar`) that is no package name, the prefixes that do exist.
 */
export function unresolvedImportMessage(exporter: string, importer: string | undefined, packageName: string, aliases: Record<string, string> = {}): string {
  const by = importer ? ` (imported by \`${importer}\`)` : "";
  const alias = looksLikeAlias(exporter);
  if (alias !== undefined) {
    const known = Object.keys(aliases);
    const have = known.length > 0 ? `configured aliases: ${known.map((a) => `\`${a}\``).join(", ")}` : "no aliases are configured";
    return `\`${exporter}\`${by}: alias \`${alias}\` is not configured (${have}). Add it to \`alias\` in the config (\`alias: { "${alias}": "./server" }\`), to \`compilerOptions.paths\` in \`tsconfig.json\`, or to \`imports\` in \`package.json\` for \`#\` names.`;
  }
  const scheme = SCHEME.exec(exporter)?.[1];
  if (scheme && !exporter.startsWith("@")) {
    return `\`${exporter}\`${by} has an unknown \`${scheme}:\` prefix. Use \`raw:\`, \`text:\` or \`bytes:\` for a file's contents, \`node:\` for a Node built-in, or a path or package name.`;
  }
  return `\`${exporter}\`${by} is not installed. Run \`npm install ${packageName}\` in the app.`;
}
