import { readFile } from "node:fs/promises";
import { basename, dirname, relative } from "pathe";
import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";
import { hashBytes } from "../hash.ts";
import { inlineBytes } from "./raw.ts";

const WASM = /\.wasm(\?module)?$/;
// What a wasm module imports its file as on hosts that load `.wasm` as modules; placed relative to each chunk.
const FILE = "edgeplate-wasm-file:";

/**
 * `.wasm` imports, in the shape Nitro (unwasm) gives them:
 * - `import init, { sum } from "./sum.wasm"`: `await init(imports?)` instantiates the module once
 *   and resolves with its exports; the named exports are live bindings set by then
 *   (`(await import("./sum.wasm")).default()` works the same);
 * - `import mod from "./sum.wasm?module"`: the compiled `WebAssembly.Module`.
 * Where the host compiles WebAssembly from bytes (Node, Bun, Deno) the module is inlined; where it
 * refuses to at run time (workerd), the file is written beside the bundle and imported as a
 * module (`preset.wasmModules`), as wrangler loads it.
 */
export function wasmPlugin(options: ResolvedOptions): Plugin {
  const asModules = options.preset.wasmModules === true;
  const emitted = new Set<string>();
  return {
    name: "edgeplate:wasm",
    buildStart: () => emitted.clear(),
    resolveId: (id) => (id.startsWith(FILE) ? { id, external: true } : null),
    // Only now is each chunk's place known: the file is imported relative to it.
    renderChunk(code, chunk) {
      if (!code.includes(FILE)) return null;
      const up = relative(dirname(chunk.fileName), ".") || ".";
      return { code: code.replaceAll(FILE, `${up}/`), map: null };
    },
    async load(id) {
      const match = WASM.exec(id);
      if (!match || id.startsWith("\0")) return null;
      const file = match[1] ? id.slice(0, -match[1].length) : id;
      this.addWatchFile(file);
      const bytes = await readFile(file);
      let compiled: WebAssembly.Module;
      try {
        compiled = new WebAssembly.Module(bytes);
      } catch (error) {
        this.error(`\`${file}\` is not a valid WebAssembly module (${(error as Error).message}). Rebuild it, or import it as bytes (\`with { type: "bytes" }\`).`);
      }
      let module: string;
      if (asModules) {
        const fileName = `wasm/${basename(file, ".wasm")}-${hashBytes(bytes).slice(0, 8)}.wasm`;
        // `x.wasm` and `x.wasm?module` share one file.
        if (!emitted.has(fileName)) this.emitFile({ type: "asset", fileName, source: bytes });
        emitted.add(fileName);
        module = `import module from "${FILE}${fileName}";`;
      } else {
        module = `${inlineBytes(bytes)}
const module = new WebAssembly.Module(bytes);`;
      }
      if (match[1]) return `${module}\nexport default module;\n`;
      const names = WebAssembly.Module.exports(compiled).map((e) => e.name);
      const bindings = names.filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default");
      return `${module}
${bindings.map((name) => `export let ${name};`).join("\n")}
let instance;
export default async function init(imports = {}) {
  if (!instance) {
    instance = await WebAssembly.instantiate(module, imports);
    ({ ${bindings.join(", ")} } = instance.exports);
  }
  return instance.exports;
}
`;
    },
  };
}
