import { readdir, readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { dirname, join, resolve } from "pathe";
import type { Plugin, ProgramNode } from "rollup";
import { engineDir, runtimeDir, runtimeFile } from "./paths.ts";

/** Files Node loads as they are: JavaScript (JSON needs import attributes, TypeScript a loader). */
const PLAIN_JS = /\.[cm]?js$/;

/** A resolved file of a dependency that Node can load itself; the engine's own runtime never is. */
const isDependencyFile = (id: string) => isAbsolute(id) && id.includes("/node_modules/") && PLAIN_JS.test(id) && !id.startsWith(`${engineDir}/`);

/** Whether a dev bundle's import is a dependency left to Node (its specifier is a `file:` URL). */
export const isDevExternal = (specifier: string) => specifier.startsWith("file://");

/**
 * Dev only: dependencies under `node_modules` stay out of the dev bundle and are loaded by Node in
 * the build's worker thread, as Nitro's dev server does. They are most of the code (h3, srvx, rou3,
 * …: nine tenths of a small app). So are the engine's runtime modules that need nothing from the
 * build (`nativeRuntime`): a rebuild then parses and renders only the app, the virtual modules and
 * the runtime modules that import them. Every other resolver (the engine's, node-resolve's)
 * resolves first; only a resolved file Node can load as it is is left out.
 */
export function devExternals(): Plugin {
  let native: Set<string> | undefined;
  return {
    name: "edgeplate:dev-externals",
    // A dev bundle is loaded once and thrown away: tree-shaking it would cost more than it saves.
    options: (input) => ({ ...input, treeshake: false }),
    async buildStart() {
      native = await nativeRuntime();
    },
    load: (id) => (id === BRIDGE_ID ? bridgeModule() : null),
    resolveId: {
      order: "pre",
      async handler(source, importer, options) {
        if (source === BRIDGE) return BRIDGE_ID;
        if (!importer || source.startsWith("\0") || options.custom?.[NESTED]) return null;
        // Marked, so that the resolvers this asks (which ask again themselves) are not answered here.
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true, custom: { ...options.custom, [NESTED]: true } });
        if (!resolved || resolved.external || !(isDependencyFile(resolved.id) || native?.has(resolved.id))) return resolved;
        // Imported by URL, which Node takes on every platform (a Windows path is not a specifier).
        return { id: pathToFileURL(resolved.id).href, external: true };
      },
    },
  };
}

const NESTED = "edgeplate:dev-externals";

/**
 * The generated modules that Node resolves itself in a dev build's thread, to `dev-bridge.ts`
 * (the engine's package.json `imports`, under the `edgeplate-dev` condition the thread sets), so
 * that the runtime modules importing them need no bundling. Each is read only inside functions.
 */
export const BRIDGED_VIRTUALS: Record<string, string> = {
  "#edgeplate/storage": "mounts",
  "#edgeplate/server-assets": "serverAssets",
  "#edgeplate/database": "databases",
  "#edgeplate/build-hash": "buildHash",
};
const BRIDGE = "#edgeplate/dev-bridge";
// Not under `\0#edgeplate/`, which the generated modules plugin (virtual/index.ts) answers.
const BRIDGE_ID = "\0edgeplate-dev-bridge";

/** The dev entry's first import: hands the bundled generated modules to `dev-bridge.ts` before any other module runs. */
function bridgeModule(): string {
  const names = Object.entries(BRIDGED_VIRTUALS);
  return [
    `import { provide } from ${JSON.stringify(runtimeFile("internal/dev-bridge"))};`,
    ...names.map(([id, name]) => `import { ${name} } from ${JSON.stringify(id)};`),
    `provide({ ${names.map(([, name]) => name).join(", ")} });`,
  ].join("\n");
}

/**
 * What a runtime module takes from the build, so that it must be bundled: a virtual module
 * (`#edgeplate/…`), `import.meta` (the build replaces its flags; its URL would be the bundle's),
 * `process.env.NODE_ENV` (replaced too), or a dynamic import (not followed here).
 */
const NEEDS_BUILD = /\bimport\.meta\b|\bprocess\.env\.NODE_ENV\b|\bimport\(/;

let scanned: Promise<Set<string>> | undefined;

/**
 * The compiled runtime modules (`dist/runtime`) that Node can load as they are in a dev build's
 * thread: those that take nothing from the build, and import only such modules (a module that
 * imports a bundled one would load a second copy of it, without its virtual modules). Read once
 * per process: the compiled runtime does not change under a running dev server.
 */
export function nativeRuntime(): Promise<Set<string>> {
  return (scanned ??= scanRuntime().catch(() => new Set<string>()));
}

/** Takes the last dev server's scan (dev-cache.ts, keyed by the compiled runtime's build) instead of scanning again. */
export function seedNativeRuntime(files: string[]): void {
  scanned ??= Promise.resolve(new Set(files));
}

async function scanRuntime(): Promise<Set<string>> {
  // Not at the dev server's start: a dev server with the last one's scan (dev-cache.ts) never parses.
  const { parseAst } = await import("rollup/parseAst");
  const files = (await readdir(runtimeDir, { recursive: true })).filter((f) => f.endsWith(".js")).map((f) => join(runtimeDir, f));
  const imports = new Map<string, string[]>();
  const bundled = new Set<string>();
  await Promise.all(
    files.map(async (file) => {
      const code = await readFile(file, "utf8");
      const specifiers = staticImports(parseAst(code).body);
      imports.set(
        file,
        specifiers.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(file), s)),
      );
      if (NEEDS_BUILD.test(code) || specifiers.some((s) => s.startsWith("#") && !(s in BRIDGED_VIRTUALS))) bundled.add(file);
    }),
  );
  // Whatever imports a bundled module (or a file not scanned here) is bundled as well.
  for (let changed = true; changed;) {
    changed = false;
    for (const [file, deps] of imports) {
      if (bundled.has(file) || !deps.some((dep) => bundled.has(dep) || !imports.has(dep))) continue;
      bundled.add(file);
      changed = true;
    }
  }
  return new Set(files.filter((file) => !bundled.has(file)));
}

/** The specifiers of a module's `import … from`, `export … from` and bare `import "…"` statements. */
function staticImports(body: ProgramNode["body"]): string[] {
  const specifiers: string[] = [];
  for (const node of body) {
    if ((node.type === "ImportDeclaration" || node.type === "ExportAllDeclaration" || node.type === "ExportNamedDeclaration") && node.source) {
      specifiers.push(String(node.source.value));
    }
  }
  return specifiers;
}
