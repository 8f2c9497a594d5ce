import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, relative } from "pathe";
import { glob } from "tinyglobby";
import mime from "mime";
import { hashBytes } from "../hash.ts";
import type { VirtualContext } from "./index.ts";

/** Inlines `assets/` (and `serverAssets` dirs) so `useStorage("assets:server")` works on every host. */
export async function serverAssetsModule({ options }: VirtualContext): Promise<string> {
  const dirs = [{ dir: join(options.rootDir, "assets"), name: "server" }, ...options.serverAssets];
  const assets: Record<string, unknown> = {};
  for (const { dir, name } of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of await glob("**/*", { cwd: dir, absolute: true, dot: false })) {
      const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
      const type = mime.getType(file) ?? undefined;
      const text = isText(type);
      const key = relative(dir, file).split("/").join(":");
      // Mounted at `assets:server`; other names live under the same mount as a prefix.
      const fullKey = name === "server" ? key : `${name}:${key}`;
      assets[fullKey] = {
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
