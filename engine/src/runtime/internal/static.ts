import { serveStatic, type Middleware } from "h3";
import type { PublicAsset } from "./types.ts";

export type PublicAssetReader = (id: string) => Promise<BodyInit | null | undefined> | BodyInit | null | undefined;

const ENCODINGS = { br: ".br", gzip: ".gz" };
const ENCODED = /\.(br|gz)$/;
const INDEX = "/index.html";
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;

/**
 * Serves the files of `public/` listed in the build manifest. Only manifest entries are ever read,
 * so no request path can reach outside the public folder. Returns nothing when there is nothing
 * to serve, so hosts whose CDN serves `public/` pay no per-request cost.
 */
export function createStaticMiddleware(assets: Record<string, PublicAsset>, read: () => PublicAssetReader | undefined): Middleware | undefined {
  const keys = Object.keys(assets);
  if (keys.length === 0) return undefined;
  // Every request path that names a file: the files, and folders (with or without `/`) for their index.
  const servable = new Set(keys);
  for (const key of keys) {
    if (!key.endsWith(INDEX)) continue;
    const dir = key.slice(0, -INDEX.length);
    servable.add(dir || "/").add(`${dir}/`);
  }
  // Maps a request id (maybe a folder, maybe with an encoding suffix) to a manifest key.
  const resolve = (id: string): string | undefined => {
    // A file of its own first: `archive.tar.gz` is not a compressed copy of `archive.tar`.
    if (id in assets) return id;
    const ext = ENCODED.exec(id)?.[0] ?? "";
    const base = ext ? id.slice(0, -ext.length) : id;
    const file = base in assets ? base : `${base.replace(/\/$/, "")}${INDEX}`;
    return file + ext in assets ? file + ext : undefined;
  };
  return (event, next) => {
    const method = event.req.method;
    if (method !== "GET" && method !== "HEAD") return next();
    const path = decodePath(event.url.pathname);
    if (path === undefined || !servable.has(path)) return next();
    const key = resolve(path);
    const reader = read();
    if (!key || !reader) return next();
    event.res.headers.set("cache-control", assets[key]!.cacheControl);
    return serveStatic(event, {
      fallthrough: true,
      indexNames: [],
      encodings: assets[key]!.encodings?.length ? ENCODINGS : undefined,
      getMeta: (id) => {
        const found = resolve(id);
        return found ? assets[found] : undefined;
      },
      getContents: (id) => reader(resolve(id)!),
    }).then((res) => res ?? next());
  };
}

/**
 * The request path as a manifest key, decoded the way h3's `serveStatic` decodes the ids it hands
 * to `getMeta`/`getContents` (`decodeURI`, encoded `/` and `\` kept), so this lookup and h3 name
 * the same file. h3 keeps an encoded separator encoded, so such a path matches no key; a malformed
 * escape matches none either. Both go on to the routes (and their 404) instead of throwing.
 */
function decodePath(path: string): string | undefined {
  if (!path.includes("%")) return path;
  if (ENCODED_SEPARATOR.test(path)) return undefined;
  try {
    return decodeURI(path);
  } catch {
    return undefined;
  }
}
