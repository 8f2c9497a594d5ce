import { readFile, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import type { Plugin } from "rollup";
import { createError, findBinary, spawnPreview, type PlatformBuildContext } from "edgeplate/build";

// Reads public/ and .data/, writes .data/, serves HTTP, reads EDGEPLATE_* config: nothing more.
export const DENO_FLAGS = ["--allow-net", "--allow-read", "--allow-write", "--allow-env", "--allow-sys"];

/** Bundled CommonJS often says `require("fs")`; Deno resolves built-ins only as `node:fs`. */
export function nodePrefixPlugin(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "edgeplate:deno-node-prefix",
    resolveId: { order: "pre", handler: (id) => (builtins.has(id) ? { id: `node:${id}`, external: true } : null) },
  };
}

/** `.output/deno.json` with a `start` task, so `deno task start` in `.output/` runs the server. */
export async function writeDenoConfig({ options }: PlatformBuildContext): Promise<void> {
  const entry = relative(options.output.dir, join(options.output.serverDir, options.output.entryName));
  const config = { tasks: { start: `deno run ${DENO_FLAGS.join(" ")} ./${entry}` } };
  await writeFile(join(options.output.dir, "deno.json"), `${JSON.stringify(config, null, 2)}\n`);
}

/** `deno` on PATH (or `DENO_BIN`), else the binary of the `deno` npm package. */
export function findDeno(): string {
  const bin = findBinary("deno", "DENO_BIN", ["@deno/linux-x64-glibc/deno", "deno/deno"]);
  if (!bin) throw createError("deno", "no `deno` binary found. Install Deno (https://deno.com), set `DENO_BIN`, or run `npm i -D deno`.");
  return bin;
}

/**
 * `edgeplate preview`: the `start` task of `.output/deno.json` in the real Deno runtime. Its command
 * runs directly, not through `deno task`, so stopping the preview stops Deno too.
 */
export async function previewDeno({ options }: PlatformBuildContext): Promise<void> {
  const deno = findDeno();
  const config = JSON.parse(await readFile(join(options.output.dir, "deno.json"), "utf8")) as { tasks: { start: string } };
  const [, ...args] = config.tasks.start.split(" ");
  console.log(`[edgeplate] preview: the \`start\` task of ${join(options.output.dir, "deno.json")}: ${deno} ${args.join(" ")} (in ${options.output.dir})`);
  return spawnPreview(deno, args, { cwd: options.output.dir });
}
