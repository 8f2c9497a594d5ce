import { serveStatic, type Middleware } from "h3";
import type { PublicAsset } from "./types.ts";

export type PublicAssetReader = (id: string) => Promise<BodyInit | null | undefined> | BodyInit | null | undefined;

const ENCODINGS = { br: ".br", gzip: ".gz" };
const ENCODED = /\.(br|gz)$/;
const INDEX = "/index.html";

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
    const ext = ENCODED.exec(id)?.[0] ?? "";
    const base = ext ? id.slice(0, -ext.length) : id;
    const file = base in assets ? base : `${base.replace(/\/$/, "")}${INDEX}`;
    return file + ext in assets ? file + ext : undefined;
  };
  return (event, next) => {
    const method = event.req.method;
    if ((method !== "GET" && method !== "HEAD") || !servable.has(event.url.pathname)) return next();
    const key = resolve(event.url.pathname);
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
