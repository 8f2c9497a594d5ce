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
    baseURL: options.baseURL,
    _asyncContext: options.config.experimental?.asyncContext === true,
  };
}

/**
 * Replaces `import.meta.dev`, `.prod`, `.preset`, `.server`, `.client`, … (and
 * `process.env.NODE_ENV`) with their values when the app is bundled, as Nitro does, so dead branches (`if (import.meta.dev)`) drop out of the
 * build. Only source modules are touched: a file imported as text keeps its contents.
 */
export function importMetaPlugin(options: ResolvedOptions): Plugin {
  const flags = importMetaFlags(options);
  const pattern = new RegExp(`\\bimport\\.meta\\.(${Object.keys(flags).join("|")})(?![\\w$])|\\bprocess\\.env\\.NODE_ENV\\b(?!\\s*=[^=])`, "g");
  // As Nitro and every bundler do: libraries (Vue, React) pick their production build by it, and
  // hosts without `process` (workerd) would otherwise fail on the reference.
  const nodeEnv = JSON.stringify(options.dev ? "development" : "production");
  return {
    name: "edgeplate:import-meta",
    transform(code, id) {
      if (id.startsWith("\0") || !SOURCE.test(id.split("?")[0]!) || !(code.includes("import.meta.") || code.includes("process.env.NODE_ENV"))) return null;
      pattern.lastIndex = 0;
      if (!pattern.test(code)) return null;
      return { code: code.replace(pattern, (_, key: string | undefined) => (key ? JSON.stringify(flags[key]) : nodeEnv)), map: null };
    },
  };
}
