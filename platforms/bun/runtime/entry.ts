import { serve } from "srvx/bun";
import { setPublicAssetReader, useApp } from "edgeplate/platform";

declare const Bun: { file(path: string): Blob & { exists(): Promise<boolean> } };

const publicDir = decodeURIComponent(new URL("../public", import.meta.url).pathname);
// Bun.file is lazy: the static server streams the file straight from disk.
setPublicAssetReader((id) => Bun.file(publicDir + id));

const app = useApp();
// No `export default`: Bun would take an exported `{ fetch, port }` for a second server to start.
serve({
  fetch: app.fetch,
  port: process.env.EDGEPLATE_PORT || process.env.PORT || 3000,
  hostname: process.env.EDGEPLATE_HOST || process.env.HOST || undefined,
  gracefulShutdown: { gracefulTimeout: Number(process.env.EDGEPLATE_SHUTDOWN_TIMEOUT || 10) },
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void app.hooks.callHook("close"));
}
