import { fileURLToPath } from "node:url";
import type { PlatformPreset } from "edgeplate/build";
import { previewWorker } from "./preview.ts";
import { nodeArmsPlugin } from "./node-arms.ts";
import { unenvPlugin } from "./unenv.ts";
import { writeWranglerConfig } from "./wrangler.ts";

export default {
  name: "cloudflare",
  entry: fileURLToPath(new URL("runtime/entry.js", import.meta.url)),
  exportConditions: ["workerd", "worker", "browser", "import", "default"],
  external: [/^cloudflare:/],
  // workerd has Node built-ins only through `nodejs_compat`; unenv fills the gaps.
  node: false,
  // workerd compiles no WebAssembly from bytes at run time: `.wasm` imports stay modules, as wrangler loads them.
  wasmModules: true,
  // Cron triggers (wrangler.json `triggers.crons`) call the entry's `scheduled` export, which calls the `scheduled` hook.
  cron: "hook",
  // WebSocket routes through workerd's WebSocketPair (no Durable Objects: pub/sub reaches the peers of one isolate).
  websocket: true,
  // The `ASSETS` binding serves public/ before the worker runs.
  serveStatic: false,
  defaults: {
    storage: {
      data: { driver: "cloudflare-kv-binding", binding: "DATA" },
      cache: { driver: "cloudflare-kv-binding", binding: "CACHE" },
    },
    database: { default: { connector: "cloudflare-d1", options: { bindingName: "DB" } } },
    rollupPlugins: [nodeArmsPlugin(), unenvPlugin()],
    // Workers limit the uploaded script's size and parse it on every cold isolate: a smaller worker
    // starts sooner (`minify: false` in the config or `--no-minify` keeps it readable).
    minify: true,
    // Cloudflare compresses assets on the fly; .gz/.br copies would only be uploaded as files.
    compressPublicAssets: false,
  },
  commands: { preview: "edgeplate preview", deploy: "npx wrangler deploy" },
  writeConfig: writeWranglerConfig,
  preview: previewWorker,
} satisfies PlatformPreset;
