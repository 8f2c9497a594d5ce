import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative } from "pathe";
import { glob } from "tinyglobby";
import mime from "mime";
import { normalizeKey } from "unstorage";
import { hashBytes } from "../hash.ts";
import type { VirtualContext } from "./index.ts";

/**
 * Inlines `assets/` (and `serverAssets` dirs) so `useStorage("assets:<name>")` works on every host.
 * Keys are relative to `assets:` (`server:data.json`, `templates:t.txt`): the runtime mounts one
 * read-only driver per name (`storage/index.ts`).
 */
export async function serverAssetsModule({ options }: VirtualContext): Promise<string> {
  const dirs = [{ dir: join(options.rootDir, "assets"), name: "server" }, ...options.serverAssets];
  const assets: Record<string, unknown> = {};
  for (const { dir, name } of dirs) {
    if (!existsSync(dir)) continue;
    // unstorage's own key form, as its mount bases have, so `name: "mail/templates"` still matches.
    const base = normalizeKey(name) || "server";
    for (const file of await glob("**/*", { cwd: dir, absolute: true, dot: false })) {
      const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
      const type = mime.getType(file) ?? undefined;
      const text = isText(type);
      const key = relative(dir, file).split("/").join(":");
      assets[`${base}:${key}`] = {
        meta: { type, etag: `"${hashBytes(bytes)}"`, mtime: info.mtime.toISOString(), size: bytes.length },
        data: text ? bytes.toString("utf8") : bytes.toString("base64"),
        base64: !text,
      };
    }
  }
  return `export const serverAssets = ${JSON.stringify(assets)};\n`;
}

export function isText(type: string | undefined): boolean {
  return !!type && (type.startsWith("text/") || /json|javascript|xml|svg|yaml|toml/.test(type));
}
