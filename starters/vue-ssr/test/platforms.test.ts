import { join } from "node:path";
import { platformsToTest, startBuilt } from "edgeplate/testing";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

// Built for every installed platform, copied away and run with that platform's preview: the page
// is server-rendered everywhere, the client script is served, and the click counter answers.
describe("vue-ssr on every installed platform", () => {
  for (const { name, skip, title } of platformsToTest(root)) {
    it.skipIf(skip)(
      title,
      async () => {
        const server = await startBuilt(root, { platform: name });
        try {
          const page = await server.fetch("/somewhere", { headers: { accept: "text/html" } });
          expect(page.status).toBe(200);
          expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
          const html = await page.text();
          expect(html).toContain('<p data-testid="greeting">Hello from the Edgeplate API</p>');
          expect(html).toContain("The server fetched this in-process, while rendering /somewhere.");
          const script = await server.fetch("/assets/client.js");
          expect(script.status).toBe(200);
          expect(script.headers.get("content-type")).toMatch(/javascript/);
          // The renderer leaves API paths alone: an unknown one is the JSON 404.
          const missing = await server.fetch("/api/nope", { headers: { accept: "text/html" } });
          expect(missing.status).toBe(404);
          expect(missing.headers.get("content-type")).toMatch(/^application\/json/);
          const { count } = (await (await server.fetch("/api/clicks", { method: "POST" })).json()) as { count: number };
          expect(await (await server.fetch("/api/clicks")).json()).toEqual({ count });
        } finally {
          await server.stop();
        }
      },
      180_000,
    );
  }
});
