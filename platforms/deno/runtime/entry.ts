import { serve } from "srvx/deno";
import { setPublicAssetReader, useApp } from "edgeplate/platform";

declare const Deno: { readFile(path: string): Promise<Uint8Array<ArrayBuffer>>; env: { get(name: string): string | undefined } };

const env = (name: string) => Deno.env.get(name);
const publicDir = decodeURIComponent(new URL("../public", import.meta.url).pathname);
setPublicAssetReader((id) => Deno.readFile(publicDir + id));

const app = useApp();
// No `export default`: Deno would suggest `deno serve` for an exported `{ fetch }`.
serve({
  fetch: app.fetch,
  port: env("EDGEPLATE_PORT") || env("PORT") || 3000,
  hostname: env("EDGEPLATE_HOST") || env("HOST") || undefined,
  gracefulShutdown: { gracefulTimeout: Number(env("EDGEPLATE_SHUTDOWN_TIMEOUT") || 10) },
});
