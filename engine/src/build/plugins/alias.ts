import type { Plugin } from "rollup";
import type { ResolvedOptions } from "../../types/config.ts";

/**
 * Nitro's `alias` (and the tsconfig `paths` read into it): an import starting with an alias
 * (`~server/utils/math.ts` for `~server`) is resolved as the same import of the aliased path, so
 * extensions and `index` files resolve as for any relative import. Longest alias first
 * (`~server/utils` before `~server`).
 */
export function aliasPlugin(options: ResolvedOptions): Plugin {
  const entries = Object.entries(options.alias).sort(([a], [b]) => b.length - a.length);
  return {
    name: "edgeplate:alias",
    async resolveId(id, importer, resolveOptions) {
      if (entries.length === 0) return null;
      const hit = entries.find(([from]) => id === from || id.startsWith(`${from}/`));
      if (!hit) return null;
      const [from, to] = hit;
      const resolved = await this.resolve(to + id.slice(from.length), importer, { ...resolveOptions, skipSelf: true });
      return resolved ?? null;
    },
  };
}

/** Prefixes that read as a path alias (`~/x`, `~server/x`, `#x`, `@/x`), not as a package name. */
export function looksLikeAlias(specifier: string): string | undefined {
  return /^(~[^/]*|#[^/]*|@)(?=\/)/.exec(specifier)?.[1] ?? (/^[~#]/.test(specifier) ? specifier : undefined);
}
