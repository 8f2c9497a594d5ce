import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDevController, createDevServer } from "../src/build/index.ts";
import { freePort } from "./helpers.ts";

// Inside the repo so the app resolves `edgeplate` from the workspace.
const app = join(import.meta.dirname, ".tmp", `dev-restart-${process.pid}`);
afterAll(() => rmSync(app, { recursive: true, force: true }));

const route = (v: number) => writeFileSync(join(app, "routes/ver.ts"), `export default () => ({ v: ${v} });\n`);

/** One dev server's life: start, read `/ver` (after an edit when `edit` is given), close. */
async function serve(edit?: number): Promise<unknown[]> {
  const port = await freePort();
  const server = await createDevServer({ rootDir: app, port, host: "127.0.0.1" });
  try {
    const get = async () => (await fetch(`http://127.0.0.1:${port}/ver`)).json();
    const answers = [await get()];
    if (edit !== undefined) {
      route(edit);
      answers.push(await get());
    }
    return answers;
  } finally {
    await server.close();
  }
}

// Vite restarts its server (a changed vite.config or .env, or `r`) with a new dev controller in
// the same process, which wipes `.edgeplate/dev`: its builds must not be taken for the old ones.
it("a new dev server in the same process answers with the current code, not the previous server's", async () => {
  mkdirSync(join(app, "routes"), { recursive: true });
  writeFileSync(join(app, "package.json"), `{ "type": "module" }`);
  route(1);
  expect(await serve(2)).toEqual([{ v: 1 }, { v: 2 }]);
  route(3);
  expect(await serve()).toEqual([{ v: 3 }]);
});

it("picks up an edited .env on the next request", async () => {
  mkdirSync(join(app, "routes"), { recursive: true });
  writeFileSync(join(app, "package.json"), `{ "type": "module" }`);
  writeFileSync(join(app, "edgeplate.config.ts"), `export default { runtimeConfig: { motto: "from config" } };\n`);
  writeFileSync(join(app, "routes/motto.ts"), `import { useRuntimeConfig } from "edgeplate/runtime-config";\nexport default () => ({ motto: useRuntimeConfig().motto });\n`);
  writeFileSync(join(app, ".env"), "EDGEPLATE_MOTTO=first\n");
  const port = await freePort();
  const server = await createDevServer({ rootDir: app, port, host: "127.0.0.1" });
  try {
    const get = async () => (await fetch(`http://127.0.0.1:${port}/motto`)).json();
    expect(await get()).toEqual({ motto: "first" });
    writeFileSync(join(app, ".env"), "EDGEPLATE_MOTTO=second\n");
    expect(await get()).toEqual({ motto: "second" });
  } finally {
    await server.close();
    delete process.env.EDGEPLATE_MOTTO;
  }
});

// A replaced build closes once its requests end; a dev server that closed before that must not
// leave the removal of its folder to land on the next dev server's build of the same number.
it("a dev server closed while a replaced build still answers leaves the next one's builds alone", async () => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, "routes"), { recursive: true });
  writeFileSync(join(app, "package.json"), `{ "type": "module" }`);
  writeFileSync(
    join(app, "routes/slow.ts"),
    `export default () => new Response(new ReadableStream({ async start(c) { c.enqueue(new TextEncoder().encode("a")); await new Promise((r) => setTimeout(r, 1500)); c.close(); } }));\n`,
  );
  route(1);
  const first = await createDevController(app);
  const slow = await first.fetch(new Request("http://localhost/slow"));
  const reading = slow.text();
  route(2);
  expect(await (await first.fetch(new Request("http://localhost/ver"))).json()).toEqual({ v: 2 });
  await first.close();
  route(3);
  const second = await createDevController(app);
  try {
    expect(await (await second.fetch(new Request("http://localhost/slow"))).text()).toBe("a");
    await reading;
    await new Promise((r) => setTimeout(r, 300));
    // `/ver`'s chunk is loaded on its first request, from this server's first build folder.
    expect(await (await second.fetch(new Request("http://localhost/ver"))).json()).toEqual({ v: 3 });
  } finally {
    await second.close();
  }
});
