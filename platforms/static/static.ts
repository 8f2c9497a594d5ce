import { readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { serveFunctionHost, type PlatformBuildContext } from "edgeplate/build";

/** The output is `.output/public/` only: drop the server bundle and say so in the manifest. */
export async function removeServer({ options }: PlatformBuildContext): Promise<void> {
  await rm(options.output.serverDir, { recursive: true, force: true });
  const manifestFile = join(options.output.dir, "edgeplate.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>;
  await writeFile(manifestFile, `${JSON.stringify({ ...manifest, entry: null }, null, 2)}\n`);
}

/** `edgeplate preview`: a plain file server over `.output/public/`, like any static host. */
export async function previewStatic({ options }: PlatformBuildContext): Promise<void> {
  const dir = options.output.publicDir;
  console.log(`[edgeplate] preview: static file server for ${relative(process.cwd(), dir) || dir}`);
  const notFound = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  await serveFunctionHost({ staticDir: dir, handler: notFound });
}
