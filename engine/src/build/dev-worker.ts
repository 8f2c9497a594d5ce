// Runs in a dev worker thread (see dev-runner.ts). The thread boots before its build exists, so a
// rebuild pays only for loading the new bundle: it first loads the dependencies the last build
// imported (Node keeps them for the bundle to reuse), then waits for the entry, then hands the
// bundle the thread's port, on which the dev server sends it requests.
import { parentPort } from "node:worker_threads";
import type { serveDevRequests } from "../runtime/entries/dev.ts";

export type BootMessage = { type: "preload"; urls: string[] } | { type: "load"; entry: string; publicSources: Record<string, string> };

const port = parentPort!;
const onMessage = (message: BootMessage) => {
  if (message.type === "preload") {
    // A dependency that fails here fails again, with its error, when the bundle imports it.
    for (const url of message.urls) import(url).catch(() => {});
    return;
  }
  port.off("message", onMessage);
  import(message.entry)
    .then((mod: { serveDevRequests: typeof serveDevRequests }) => {
      mod.serveDevRequests(port, message.publicSources);
      port.postMessage({ type: "ready" });
    })
    .catch((error: Error) => port.postMessage({ type: "failed", message: error.message, stack: error.stack }));
};
port.on("message", onMessage);
