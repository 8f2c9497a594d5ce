import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "rollup";
import { engineDir } from "./paths.ts";

/** Files Node loads as they are: JavaScript (JSON needs import attributes, TypeScript a loader). */
const PLAIN_JS = /\.[cm]?js$/;

/** A resolved file of a dependency that Node can load itself; the engine's own runtime never is. */
const isDependencyFile = (id: string) => isAbsolute(id) && id.includes("/node_modules/") && PLAIN_JS.test(id) && !id.startsWith(`${engineDir}/`);

/** Whether a dev bundle's import is a dependency left to Node (its specifier is a `file:` URL). */
export const isDevExternal = (specifier: string) => specifier.startsWith("file://");

/**
 * Dev only: dependencies under `node_modules` stay out of the dev bundle and are loaded by Node in
 * the build's worker thread, as Nitro's dev server does. They are most of the code (h3, srvx, rou3,
 * …: nine tenths of a small app), so a rebuild re-renders only the app and the engine's runtime,
 * which stays bundled (it imports the build's virtual modules). Every other resolver (the
 * engine's, node-resolve's) resolves first; only a resolved dependency file is left out.
 */
export function devExternals(): Plugin {
  return {
    name: "edgeplate:dev-externals",
    // A dev bundle is loaded once and thrown away: tree-shaking it would cost more than it saves.
    options: (input) => ({ ...input, treeshake: false }),
    resolveId: {
      order: "pre",
      async handler(source, importer, options) {
        if (!importer || source.startsWith("\0") || options.custom?.[NESTED]) return null;
        // Marked, so that the resolvers this asks (which ask again themselves) are not answered here.
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true, custom: { ...options.custom, [NESTED]: true } });
        if (!resolved || resolved.external || !isDependencyFile(resolved.id)) return resolved;
        // Imported by URL, which Node takes on every platform (a Windows path is not a specifier).
        return { id: pathToFileURL(resolved.id).href, external: true };
      },
    },
  };
}

const NESTED = "edgeplate:dev-externals";
