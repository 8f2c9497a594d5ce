import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startDev } from "../src/testing/index.ts";
import { startViteDev } from "./helpers.ts";
import { checkWebSockets } from "./websocket-suite.ts";
import { openSocket } from "./ws-client.ts";

const fixture = join(import.meta.dirname, "fixtures/websocket");
const root = join(import.meta.dirname, ".tmp", `websocket-dev-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The fixture in a folder of its own (dev writes `.edgeplate/` beside the app), plus what `vite dev` needs. */
function copyApp(name: string, vite: boolean): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  cpSync(fixture, dir, { recursive: true });
  if (vite) {
    writeFileSync(join(dir, "index.html"), `<!doctype html><title>ws</title><script type="module" src="/src/main.js"></script>\n`);
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src/main.js"), `document.body.append("client ran");\n`);
    writeFileSync(join(dir, "vite.config.mjs"), `import { edgeplate } from "edgeplate/vite";\nexport default { plugins: [edgeplate()] };\n`);
  }
  return dir;
}

describe("WebSocket routes in the dev servers", () => {
  it("edgeplate dev: echo, broadcast, a refused upgrade, misbehaving clients", async () => {
    const dev = await startDev(copyApp("dev", false));
    try {
      await checkWebSockets(dev.url, (path) => dev.fetch(path));
    } finally {
      await dev.stop();
    }
  }, 120_000);

  it("vite dev: the same, beside Vite's own HMR socket", async () => {
    const dir = copyApp("vite", true);
    const { server, url } = await startViteDev(dir, join(dir, "vite.config.mjs"));
    try {
      await checkWebSockets(url, (path) => fetch(url + path));
      // Vite still answers its HMR client's upgrade on the same server.
      const hmr = await openSocket(`${url.replace("http", "ws")}/`, { "Sec-WebSocket-Protocol": "vite-hmr" });
      expect(hmr.status).toBe(101);
      expect(await hmr.next()).toContain('"type":"connected"');
      hmr.close();
    } finally {
      await server.close();
    }
  }, 120_000);
});
