import { join } from "node:path";
import { createError, findBinary, spawnPreview, type PlatformBuildContext } from "edgeplate/build";

/** `bun` on PATH (or `BUN_BIN`), else the binary of the `@oven/bun-linux-x64` npm package. */
export function findBun(): string {
  const bin = findBinary("bun", "BUN_BIN", ["@oven/bun-linux-x64/bin/bun", "@oven/bun-linux-x64-baseline/bin/bun"]);
  if (!bin) throw createError("bun", "no `bun` binary found. Install Bun (https://bun.sh), set `BUN_BIN`, or run `npm i -D @oven/bun-linux-x64`.");
  return bin;
}

/** `edgeplate preview`: the built server in the real Bun runtime. */
export function previewBun({ options }: PlatformBuildContext): Promise<void> {
  const entry = join(options.output.serverDir, options.output.entryName);
  const bun = findBun();
  console.log(`[edgeplate] preview: ${bun} --no-install ${entry}`);
  return spawnPreview(bun, ["--no-install", entry], { cwd: options.rootDir });
}
