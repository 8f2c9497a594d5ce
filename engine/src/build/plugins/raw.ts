import { readFile } from "node:fs/promises";
import { isAbsolute } from "pathe";
import mime from "mime";
import type { Plugin } from "rollup";

/**
 * `raw:`, `text:` and `bytes:` imports, as in Nitro: the file's contents instead of its code.
 * `text:` is a string, `bytes:` a `Uint8Array`, `raw:` a string for text files (by MIME type) and
 * bytes for the rest. Import attributes (`with { type: "text" }`) become these prefixes
 * (`import-attributes.ts`).
 */
export const RAW_TYPES = ["raw", "text", "bytes"] as const;
export type RawType = (typeof RAW_TYPES)[number];

const PREFIX = /^(raw|text|bytes):/;
// The resolved id names the kind and the file; it ends in `.js` so no other plugin (json, esbuild) claims it.
const RESOLVED = /^\0edgeplate-raw:(raw|text|bytes):(.*)\.js$/;

export function rawPlugin(): Plugin {
  return {
    name: "edgeplate:raw",
    resolveId: {
      order: "pre",
      async handler(id, importer, options) {
        const type = PREFIX.exec(id)?.[1];
        if (!type) return null;
        const specifier = id.slice(type.length + 1);
        const resolved = await this.resolve(specifier, importer, { ...options, skipSelf: true });
        if (!resolved || resolved.external) {
          this.error(`\`${specifier}\`${importer ? ` (imported by \`${importer}\`)` : ""} is not a file to inline as \`${type}\`. Check the path, relative to the importing file.`);
        }
        return `\0edgeplate-raw:${type}:${resolved.id}.js`;
      },
    },
    async load(id) {
      const match = RESOLVED.exec(id);
      if (!match) return null;
      const [, type, path] = match as unknown as [string, RawType, string];
      let bytes: Uint8Array;
      if (isAbsolute(path)) {
        this.addWatchFile(path);
        bytes = await readFile(path);
      } else {
        // A virtual module has no file: its source is the contents.
        const { code } = await this.load({ id: path });
        bytes = new TextEncoder().encode(code ?? "");
      }
      const binary = type === "bytes" || (type === "raw" && isAbsolute(path) && !isTextFile(path));
      const code = binary
        ? `${inlineBytes(bytes)}
export default bytes;`
        : `export default ${JSON.stringify(new TextDecoder().decode(bytes))};`;
      return { code, map: { mappings: "" }, moduleSideEffects: false };
    },
  };
}

/** Module code that declares `bytes`, a `Uint8Array` of these bytes (inlined as base64). */
export function inlineBytes(bytes: Uint8Array): string {
  return `const data = atob(${JSON.stringify(Buffer.from(bytes).toString("base64"))});
const bytes = new Uint8Array(data.length);
for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i);`;
}

/** Text by MIME type (`text/*`, JSON, SQL, XML, YAML); unknown extensions count as text, as source-like files usually are. */
function isTextFile(path: string): boolean {
  const type = mime.getType(path);
  return !type || type.startsWith("text/") || /^application\/(json|sql|xml|yaml|javascript)/.test(type);
}
