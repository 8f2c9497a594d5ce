import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDevController } from "../src/build/index.ts";
import { currentUpTo, type SourceChange } from "../src/build/dev-watch.ts";
import { hashBytes } from "../src/build/hash.ts";

// Inside the repo so the app resolves `edgeplate` from the workspace.
const app = join(import.meta.dirname, ".tmp", `dev-rewrite-${process.pid}`);
// Beside the app, not in it: a write there would be a change for the watcher.
const buildLog = `${app}.builds.log`;
afterAll(() => {
  rmSync(app, { recursive: true, force: true });
  rmSync(buildLog, { force: true });
});

const file = join(app, "routes/ver.ts");
const source = (v: number) => `export default () => ({ v: ${v} });\n`;
const edit = (seq: number, over: Partial<SourceChange> = {}): SourceChange => ({ seq, path: file, config: false, contentOnly: true, ...over });

it("a change is taken as seen by a build only while the file holds what that build read", async () => {
  mkdirSync(join(app, "routes"), { recursive: true });
  writeFileSync(file, source(1));
  const read = new Map([[file, hashBytes(source(1))]]);
  expect(await currentUpTo(3, [edit(2), edit(4), edit(5)], read)).toBe(5);
  expect(await currentUpTo(3, [edit(4)], new Map([[file, hashBytes(source(0))]]))).toBe(3);
  // A file added or removed may change the routes; a config change the options; an unread file anything.
  expect(await currentUpTo(3, [edit(4, { contentOnly: false })], read)).toBe(3);
  expect(await currentUpTo(3, [edit(4, { config: true })], read)).toBe(3);
  expect(await currentUpTo(3, [edit(4, { path: join(app, "routes/other.ts") })], read)).toBe(3);
  // Stops at the first change it cannot take: a later one is not skipped over it.
  expect(await currentUpTo(3, [edit(4, { contentOnly: false }), edit(5)], read)).toBe(3);
  rmSync(file);
  expect(await currentUpTo(3, [edit(4)], read)).toBe(3);
});

// One save is often two events (truncate, write); a save that writes what the build already has
// (an editor's save without changes, or the second event of a save the build read whole) makes no build.
it("a save that writes what the running build read makes no new build; an edit does", async () => {
  mkdirSync(join(app, "routes"), { recursive: true });
  writeFileSync(join(app, "package.json"), `{ "type": "module" }`);
  writeFileSync(
    join(app, "edgeplate.config.ts"),
    // The hooks run in the dev server's build thread: they count the builds in a file.
    `import { appendFileSync } from "node:fs";\nexport default { hooks: { "dev:reload": () => appendFileSync(${JSON.stringify(buildLog)}, "build\\n") } };\n`,
  );
  writeFileSync(file, source(1));
  const builds = () => (existsSync(buildLog) ? readFileSync(buildLog, "utf8").split("\n").length - 1 : 0);
  const dev = await createDevController(app);
  try {
    const get = async () => (await dev.fetch(new Request("http://localhost/ver"))).json();
    expect(await get()).toEqual({ v: 1 });
    // The hook runs once the build is served, in the other thread: maybe just after the answer.
    await expect.poll(builds).toBe(1);
    for (let i = 0; i < 3; i++) {
      writeFileSync(file, source(1));
      // Long enough for the watcher's events, which a request also waits for.
      await new Promise((r) => setTimeout(r, 150));
      expect(await get()).toEqual({ v: 1 });
    }
    expect(builds()).toBe(1);
    writeFileSync(file, source(2));
    expect(await get()).toEqual({ v: 2 });
    await expect.poll(builds).toBe(2);
  } finally {
    await dev.close();
  }
});
