import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { dirname, join, relative } from "pathe";
import { glob } from "tinyglobby";
import mime from "mime";
import type { PublicAsset } from "../runtime/internal/types.ts";
import type { ResolvedOptions } from "../types/config.ts";
import { hashBytes } from "./hash.ts";
import { isText } from "./virtual/server-assets.ts";

export interface PublicFile {
  /** URL path, e.g. `/assets/app-1a2b3c4d.js`. */
  path: string;
  /** Absolute source file. */
  source: string;
  meta: PublicAsset;
}

const COMPRESS_MIN_BYTES = 1024;
const IMMUTABLE = "public, max-age=31536000, immutable";
// Vite and rollup name built files `name-<hash>.ext` (some builds `name.<hash>.ext`), the hash 8
// base64url characters.
const HASHED_NAME = /[.-]([\w-]{8})\.\w+$/;

export interface ListedFile {
  /** URL path, e.g. `/assets/app-1a2b3c4d.js`. */
  path: string;
  /** Absolute source file. */
  source: string;
  /** Seconds browsers may keep it when its name has no build hash. */
  maxAge: number;
}

/** Lists `public/` (and `publicAssets` dirs) with the metadata the static server needs. */
export async function scanPublic(options: ResolvedOptions): Promise<PublicFile[]> {
  const listed = await listPublic([{ dir: join(options.rootDir, "public"), baseURL: options.baseURL, maxAge: 0 }, ...options.publicAssets]);
  const files: PublicFile[] = [];
  for (const { path, source, maxAge } of listed) {
    const [bytes, info] = await Promise.all([readFile(source), stat(source)]);
    files.push({
      path,
      source,
      meta: { type: typeFor(path), etag: `"${hashBytes(bytes)}"`, mtime: info.mtime.toUTCString(), size: bytes.length, cacheControl: cacheControlFor(path, maxAge) },
    });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files of public folders and the URL path each is served at, without reading them. */
export async function listPublic(dirs: ResolvedOptions["publicAssets"]): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  for (const { dir, baseURL, maxAge } of dirs) {
    if (!existsSync(dir)) continue;
    for (const source of await glob("**/*", { cwd: dir, absolute: true, dot: true })) files.push({ path: join("/", baseURL, relative(dir, source)), source, maxAge });
  }
  return files;
}

/** The `cache-control` a public file is served with. */
export function cacheControlFor(path: string, maxAge: number): string {
  return isHashedName(path) ? IMMUTABLE : `public, max-age=${maxAge}, must-revalidate`;
}

/**
 * Whether a file name carries a build hash, so its URL never serves other bytes and may be cached
 * for a year. A folder (such as `/assets/`) says nothing: Vite copies `public/` next to its own
 * output. Words are told from hashes by case and digits: a hash almost always has a digit or an
 * upper-case letter past its first character, while `handbook`, `Handbook` and dates such as
 * `20240115` must stay revalidated, as a user may replace them under the same name.
 *
 * @example
 * isHashedName("/assets/index-B-3xAbc1.js"); // true
 * isHashedName("/docs/user-handbook.pdf"); // false
 */
export function isHashedName(path: string): boolean {
  const hash = HASHED_NAME.exec(path)?.[1];
  return hash !== undefined && /\d|.[A-Z]/.test(hash) && !/^\d+$/.test(hash);
}

/** Copies public files to the output, writing `.gz` and `.br` siblings for text of 1 KB or more. */
export async function writePublic(files: PublicFile[], outDir: string, compress: boolean): Promise<PublicFile[]> {
  const written: PublicFile[] = [];
  await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file.source);
      const target = join(outDir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
      written.push(file);
      if (!compress || bytes.length < COMPRESS_MIN_BYTES || !isText(file.meta.type) || /\.(gz|br)$/.test(file.path)) return;
      const variants = await Promise.all([
        promisify(gzip)(bytes, { level: 9 }).then((b) => ["gzip", ".gz", b] as const),
        promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).then((b) => ["br", ".br", b] as const),
      ]);
      file.meta.encodings = [];
      for (const [encoding, ext, data] of variants) {
        if (data.length >= bytes.length) continue;
        await writeFile(target + ext, data);
        file.meta.encodings.push(encoding);
        written.push({
          path: file.path + ext,
          source: target + ext,
          meta: { ...file.meta, encodings: undefined, encoding, size: data.length, etag: file.meta.etag.replace(/"$/, `-${encoding}"`) },
        });
      }
    }),
  );
  return written.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Files whose type their name does not give (a prerendered `/api/data` of JSON): hosts that serve
 * public files themselves guess from the name, so they must be told.
 */
export function typesNotInNames(files: PublicFile[]): Record<string, string> {
  const types: Record<string, string> = {};
  for (const { path, meta } of files) if (meta.type && !meta.encoding && mediaType(meta.type) !== mediaType(typeFor(path))) types[path] = meta.type;
  return types;
}

/** `application/json;charset=UTF-8` → `application/json`: what a host's guess from the name gets right or not. */
function mediaType(type: string | undefined): string | undefined {
  return type?.split(";")[0]!.trim().toLowerCase();
}

/** MIME type by file name, with `charset=utf-8` for text. */
export function typeFor(path: string): string | undefined {
  const type = mime.getType(path) ?? undefined;
  return type && isText(type) && !type.includes("charset") ? `${type}; charset=utf-8` : type;
}
