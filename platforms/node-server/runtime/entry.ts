import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { serve } from "srvx/node";
import { setPublicAssetReader, useApp } from "edgeplate/platform";

const publicDir = fileURLToPath(new URL("../public", import.meta.url));
setPublicAssetReader((id) => readFile(publicDir + id));

const app = useApp();
const server = serve({
  fetch: app.fetch,
  port: process.env.EDGEPLATE_PORT || process.env.PORT || 3000,
  hostname: process.env.EDGEPLATE_HOST || process.env.HOST || undefined,
  // srvx stops accepting on SIGTERM/SIGINT, lets in-flight requests finish, then exits.
  gracefulShutdown: { gracefulTimeout: 10 },
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => void app.hooks.callHook("close"));
}

export default server;
