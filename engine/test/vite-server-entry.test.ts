import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildViteApp } from "../src/vite/cli.ts";
import { removeDir, startServer, startViteDev } from "./helpers.ts";

// A Vite SPA with a server.ts: under `vite dev` the entry answers what it handles and what it passes
// on (its 404) goes back to Vite; the build serves the same. Inside the repository, as vite.test.ts.
const root = join(import.meta.dirname, `.tmp/vite-server-entry-${process.pid}`);
afterAll(() => removeDir(root));

const files: Record<string, string> = {
  "package.json": `{ "type": "module" }\n`,
  "index.html": `<!doctype html><title>spa</title><script type="module" src="/src/main.js"></script>\n`,
  "src/main.js": `document.body.append("client ran");\n`,
  "api/hello.ts": `export default () => ({ hello: "api" });\n`,
  "server.ts": `export default {
  fetch(request: Request) {
    const { pathname } = new URL(request.url);
    if (pathname === "/from-entry") return Response.json({ entry: true });
    if (pathname === "/api/hello") return new Response("a route answers this, not server.ts");
  },
};\n`,
  "vite.config.mjs": `import { edgeplate } from "edgeplate/vite";\nexport default { plugins: [edgeplate()] };\n`,
};
const html = { headers: { accept: "text/html" } };

describe("server.ts in a Vite app", () => {
  it("answers under `vite dev` and passes the rest back to Vite", async () => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    const { server, url } = await startViteDev(root);
    try {
      expect(await (await fetch(`${url}/from-entry`)).json()).toEqual({ entry: true });
      expect(await (await fetch(`${url}/api/hello`)).json()).toEqual({ hello: "api" });
      expect(await (await fetch(`${url}/`, html)).text()).toContain(`src="/src/main.js"`);
      expect(await (await fetch(`${url}/src/main.js`)).text()).toContain("client ran");
      expect(await (await fetch(`${url}/deep/link`, html)).text()).toContain("<title>spa</title>");
    } finally {
      await server.close();
    }
  }, 120_000);

  it("is served the same way by the build", async () => {
    await buildViteApp(root, {}, { logLevel: "silent" });
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: root });
    try {
      expect(await (await fetch(`${server.url}/from-entry`)).json()).toEqual({ entry: true });
      expect(await (await fetch(`${server.url}/api/hello`)).json()).toEqual({ hello: "api" });
      expect(await (await fetch(`${server.url}/deep/link`, html)).text()).toContain("<title>spa</title>");
      expect((await fetch(`${server.url}/api/none`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
