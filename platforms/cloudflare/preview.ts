import { join } from "node:path";
import type { PlatformBuildContext } from "edgeplate/build";
import { createMiniflare } from "./miniflare.ts";

/** `edgeplate preview`: the worker in workerd via miniflare, data kept under `.data/cloudflare`. */
export async function previewWorker({ options }: PlatformBuildContext): Promise<void> {
  const port = Number(process.env.PORT || 3000);
  const persistDir = join(options.rootDir, ".data/cloudflare");
  const vars = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith("EDGEPLATE_") && e[1] !== undefined));
  console.log(`[edgeplate] preview: miniflare (workerd) running ${join(options.output.serverDir, "wrangler.json")}, KV/D1 data in ${persistDir}`);
  const mf = createMiniflare({ serverDir: options.output.serverDir, persistDir, vars, port });
  const url = await mf.ready;
  console.log(`[edgeplate] listening on ${url.href}`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void mf.dispose().then(resolve));
  });
}
