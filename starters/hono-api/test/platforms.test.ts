import { join } from "node:path";
import { platformsToTest, startBuilt } from "edgeplate/testing";
import { describe, it } from "vitest";
import { expectLibrary } from "./library.ts";

const root = join(import.meta.dirname, "..");

// Built for every installed platform, copied away and run with that platform's own preview
// (workerd for Cloudflare, the function behind a file server for Netlify and Vercel, Bun, Deno).
describe("hono-api on every installed platform", () => {
  for (const { name, skip, title } of platformsToTest(root)) {
    it.skipIf(skip)(
      title,
      async () => {
        const server = await startBuilt(root, { platform: name });
        try {
          await expectLibrary(server.fetch);
        } catch (error) {
          if (error instanceof Error) error.message += `\n--- ${name} preview output ---\n${server.output()}`;
          throw error;
        } finally {
          await server.stop();
        }
      },
      180_000,
    );
  }
});
