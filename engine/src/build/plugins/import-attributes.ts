import { transform } from "esbuild";
import type { Plugin } from "rollup";
import { RAW_TYPES } from "./raw.ts";

// Bundlers parse `with { type: … }` but give `text` and `bytes` no meaning (and esbuild drops the
// clause when it compiles TypeScript), so such imports are rewritten to the raw plugin's prefixes
// before anything else sees them; `json` is what the json plugin does anyway, so only the clause goes.
// https://github.com/tc39/proposal-import-text https://github.com/tc39/proposal-import-bytes
const ATTRIBUTE = /\btype["']?\s*:\s*["'](?:text|bytes|json)["']/;
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

// The few ESTree fields read here (rollup's parser gives positions as `start`/`end`).
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}
type Literal = Node & { value: unknown; raw?: string };
type Attribute = Node & { key: Node & { name?: string; value?: string }; value: Literal };
type Property = Node & { key: Node & { name?: string; value?: string }; value: Node };

/** esbuild's loader for a source file, by its extension (`.mts` → `ts`, `.mtsx` → `tsx`, anything else not `.jsx` → `js`). */
export function esbuildLoader(file: string): "tsx" | "ts" | "jsx" | "js" {
  return /\.[cm]?tsx$/.test(file) ? "tsx" : /\.[cm]?ts$/.test(file) ? "ts" : file.endsWith(".jsx") ? "jsx" : "js";
}

export function importAttributesPlugin(): Plugin {
  return {
    name: "edgeplate:import-attributes",
    transform: {
      order: "pre",
      async handler(code, id) {
        if (id.startsWith("\0") || !SOURCE.test(id) || !ATTRIBUTE.test(code)) return null;
        // Plain modern JavaScript, so rollup's parser can read it (types and JSX compiled away later, by esbuild).
        const js = await transform(code, { loader: esbuildLoader(id), format: "esm", target: "esnext", jsx: "preserve", sourcemap: "external", sourcefile: id });
        const edits: [number, number, string][] = [];
        walk(this.parse(js.code, { jsx: true }) as unknown as Node, (node) => {
          const source = node.source as Literal | undefined;
          if (!source || source.type !== "Literal" || typeof source.value !== "string") return;
          if (node.type === "ImportExpression") {
            const options = node.options as Node | null;
            const type = options?.type === "ObjectExpression" ? optionsType(options) : undefined;
            if (type && options) edits.push(...rewrite(source, type, source.end, options.end));
          } else if (Array.isArray(node.attributes) && node.attributes.length > 0) {
            const attributes = node.attributes as Attribute[];
            const type = attributes.map((a) => (a.key.name ?? a.key.value) === "type" && a.value.value).find((v) => typeof v === "string");
            if (typeof type === "string") edits.push(...rewrite(source, type, source.end, clauseEnd(js.code, attributes.at(-1)!.end)));
          }
        });
        if (edits.length === 0) return null;
        let out = js.code;
        for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
        return { code: out, map: js.map };
      },
    },
  };
}

/** The specifier gets the raw prefix (`json` keeps it) and the attributes clause goes. */
function rewrite(source: Literal, type: string, clauseStart: number, clauseEnd: number): [number, number, string][] {
  if (type !== "json" && !(RAW_TYPES as readonly string[]).includes(type)) return [];
  const specifier = type === "json" ? (source.value as string) : `${type}:${source.value as string}`;
  return [
    [clauseStart, clauseEnd, ""],
    [source.start, source.end, JSON.stringify(specifier)],
  ];
}

// Just past the `}` closing an attributes clause: the first one after its last attribute that is
// not in a comment (a clause may hold `/* } */`).
function clauseEnd(code: string, from: number): number {
  for (let i = from; i < code.length; i++) {
    if (code.startsWith("/*", i)) i = code.indexOf("*/", i + 2) + 1;
    else if (code.startsWith("//", i)) i = code.indexOf("\n", i);
    else if (code[i] === "}") return i + 1;
    if (i <= 0) break;
  }
  throw new Error(`unterminated import attributes clause at ${from}`);
}

function optionsType(options: Node): string | undefined {
  const withOption = (options.properties as Property[]).find((p) => p.type === "Property" && (p.key.name ?? p.key.value) === "with")?.value;
  if (withOption?.type !== "ObjectExpression") return undefined;
  const type = (withOption.properties as Property[]).find((p) => p.type === "Property" && (p.key.name ?? p.key.value) === "type")?.value as Literal | undefined;
  return type?.type === "Literal" && typeof type.value === "string" ? type.value : undefined;
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  if (typeof (node as Node).type === "string") visit(node as Node);
  for (const value of Object.values(node)) if (value && typeof value === "object") walk(value, visit);
}
