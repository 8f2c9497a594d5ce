import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** Nitro's build-time `import.meta` flags, and Edgeplate's own name for `import.meta.nitro`. */
export function importMetaFlags(options: ResolvedOptions): Record<string, unknown> {
  const prerender = options.preset.name === "prerender";
  return {
    dev: options.dev,
    prod: !options.dev,
    preset: options.preset.name,
    platform: options.preset.name,
    prerender,
    server: true,
    client: false,
    nitro: true,
    edgeplate: true,
    baseURL: "/",
    _asyncContext: options.config.experimental?.asyncContext === true,
  };
}

/**
 * Replaces `import.meta.dev`, `.prod`, `.preset`, `.server`, `.client`, … with their values when
 * the app is bundled, as Nitro does, so dead branches (`if (import.meta.dev)`) drop out of the
 * build. Only source modules are touched: a file imported as text keeps its contents.
 */
export function importMetaPlugin(options: ResolvedOptions): Plugin {
  const flags = importMetaFlags(options);
  const pattern = new RegExp(`\\bimport\\.meta\\.(${Object.keys(flags).join("|")})(?![\\w$])`, "g");
  return {
    name: "edgeplate:import-meta",
    transform(code, id) {
      if (id.startsWith("\0") || !SOURCE.test(id.split("?")[0]!) || !code.includes("import.meta.")) return null;
      pattern.lastIndex = 0;
      if (!pattern.test(code)) return null;
      return { code: code.replace(pattern, (_, key: string) => JSON.stringify(flags[key])), map: null };
    },
  };
}
