import { readFile } from "node:fs/promises";
import { relative } from "pathe";
import { createError } from "../errors.ts";

/** The part of an ESTree node this reader looks at. */
interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

/**
 * The argument of a route file's top-level `defineRouteMeta({...})`, read from its source at build
 * time as Nitro does: the call is a no-op at run time, and the build does not run route files (a
 * route may read secrets or open connections when imported). So the argument must be literal
 * data; anything else fails the build at the call.
 */
export async function readRouteMeta(file: string, rootDir: string): Promise<Record<string, unknown> | undefined> {
  // A route from the config's `virtual` modules (`routes: { "/": "#id" }`) has no source file.
  if (file.startsWith("#")) return undefined;
  const source = await readFile(file, "utf8");
  if (!source.includes("defineRouteMeta")) return undefined;
  // Loaded here, by the few routes that have meta: the dev server's matcher imports this module at start.
  const [{ transform }, { parseAst }, { esbuildLoader }] = await Promise.all([import("esbuild"), import("rollup/parseAst"), import("../plugins/import-attributes.ts")]);
  const { code } = await transform(source, { loader: esbuildLoader(file), format: "esm", target: "es2022", jsx: "automatic" });
  const program = parseAst(code) as unknown as { body: Node[] };
  const where = () => location(source, file, rootDir);
  for (const statement of program.body) {
    const call = statement.type === "ExpressionStatement" ? (statement.expression as Node) : undefined;
    if (call?.type !== "CallExpression" || (call.callee as Node).type !== "Identifier" || (call.callee as { name: string }).name !== "defineRouteMeta") continue;
    const [arg] = call.arguments as Node[];
    if (!arg) return undefined;
    const meta = literal(arg, code, (what) =>
      createError(
        "openapi",
        `\`defineRouteMeta\` in \`${where()}\` holds ${what}; it is read at build time, so write its value as literal data (objects, arrays, strings, numbers, booleans, null).`,
      ),
    );
    if (!meta || typeof meta !== "object" || Array.isArray(meta))
      throw createError("openapi", `\`defineRouteMeta\` in \`${where()}\` must be given an object, such as \`{ openAPI: { summary: "…" } }\`.`);
    return meta as Record<string, unknown>;
  }
  return undefined;
}

/** The value of a literal expression; anything computed is refused with `fail(what it is)`. */
function literal(node: Node, code: string, fail: (what: string) => Error): unknown {
  switch (node.type) {
    case "Literal":
      if ("regex" in node || "bigint" in node) throw fail(`\`${snippet(node, code)}\``);
      return node.value;
    case "TemplateLiteral":
      if ((node.expressions as Node[]).length > 0) throw fail(`a template with \`\${…}\` (\`${snippet(node, code)}\`)`);
      return (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join("");
    case "UnaryExpression": {
      const value = literal(node.argument as Node, code, fail);
      if (node.operator === "-" && typeof value === "number") return -value;
      throw fail(`\`${snippet(node, code)}\``);
    }
    case "ArrayExpression":
      return (node.elements as (Node | null)[]).map((element) => {
        if (!element || element.type === "SpreadElement") throw fail(`\`${snippet(node, code)}\``);
        return literal(element, code, fail);
      });
    case "ObjectExpression": {
      const object: Record<string, unknown> = {};
      for (const property of node.properties as Node[]) {
        if (property.type !== "Property" || property.computed || property.kind !== "init" || property.method) throw fail(`\`${snippet(property, code)}\``);
        const key = property.key as Node;
        const name = key.type === "Identifier" ? (key.name as string) : String(literal(key, code, fail));
        object[name] = literal(property.value as Node, code, fail);
      }
      return object;
    }
    default:
      throw fail(`\`${snippet(node, code)}\``);
  }
}

function snippet(node: Node, code: string): string {
  const text = code.slice(node.start, (node as { end?: number }).end).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** `file:line:col` of the call in the file as written (the reader works on esbuild's output). */
function location(source: string, file: string, rootDir: string): string {
  const index = Math.max(0, source.search(/\bdefineRouteMeta\s*\(/));
  const before = source.slice(0, index).split("\n");
  return `${relative(rootDir, file)}:${before.length}:${before.at(-1)!.length + 1}`;
}
