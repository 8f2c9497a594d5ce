// Every starter type-checks on its own, against its own generated route types (the root tsconfig
// leaves the starters out: in one program their `EdgeplateRoutes` would merge): what the
// starter's `npm run typecheck` does (`edgeplate prepare && tsc --noEmit -p .`), with the
// repository's TypeScript 7 by path (`tsc` on the PATH may be the TypeScript 5.9 alias). The
// starters with client code also get a file of calls the route types must reject, each marked
// `@ts-expect-error` (a call that compiles leaves the directive unused: TS2578), written under the
// starter's git-ignored `.edgeplate/` and removed afterwards.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(import.meta.dirname, "../bin/edgeplate.mjs");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const STARTERS = readdirSync(join(root, "starters")).filter((name) => existsSync(join(root, "starters", name, "package.json")));

/** Calls each starter's routes must reject, with one the response type must not accept (`any` would). */
const WRONG_CALLS: Record<string, string> = {
  "vue-notes": `import { $fetch } from "edgeplate/client";
import type { Note } from "../../server/notes.ts";
export async function calls(id: string) {
  const { notes } = await $fetch("/api/notes");
  const typed: Note[] = notes;
  // @ts-expect-error the answer is the route's ({ notes: Note[] }), not any
  const wrong: number = notes;
  const { note } = await $fetch(\`/api/notes/\${id}\`);
  // @ts-expect-error a note is no string
  const title: string = note;
  // @ts-expect-error no route answers /api/note
  await $fetch("/api/note");
  // @ts-expect-error no PATCH route for /api/notes/:id
  await $fetch(\`/api/notes/\${id}\`, { method: "PATCH" });
  // @ts-expect-error the body is the validator's input: a title is a string
  await $fetch("/api/notes", { method: "POST", body: { title: 1, body: "" } });
  // @ts-expect-error POST /api/notes needs a body
  await $fetch("/api/notes", { method: "POST" });
  return [typed, wrong, title];
}
`,
  "vanilla-links": `import { $fetch } from "edgeplate/client";
import type { LinkStats } from "../../server/links.ts";
export async function calls() {
  const { links } = await $fetch("/api/links");
  const typed: LinkStats[] = links;
  // @ts-expect-error the answer is the route's ({ links: LinkStats[] }), not any
  const wrong: string = links;
  // @ts-expect-error no route answers /api/link
  await $fetch("/api/link");
  // @ts-expect-error no PUT route for /api/links
  await $fetch("/api/links", { method: "PUT", body: {} });
  // @ts-expect-error the body is the validator's input: url and slug are strings
  await $fetch("/api/links", { method: "POST", body: { url: 1 } });
  return [typed, wrong];
}
`,
  "react-dashboard": `import { $fetch } from "edgeplate/client";
import type { Expense } from "../../server/expenses.ts";
export async function calls(id: string) {
  const { expenses } = await $fetch("/api/expenses");
  const typed: Expense[] = expenses;
  // @ts-expect-error the answer is the route's ({ expenses: Expense[] }), not any
  const wrong: boolean = expenses;
  const { summary } = await $fetch("/api/summary", { query: { days: 30 } });
  // @ts-expect-error a summary is no number
  const total: number = summary;
  // @ts-expect-error no route answers /api/expense
  await $fetch("/api/expense");
  // @ts-expect-error no GET route for /api/expenses/:id (DELETE only)
  await $fetch(\`/api/expenses/\${id}\`);
  return [typed, wrong, total];
}
`,
  "vue-ssr": `import { $fetch } from "edgeplate/client";
export async function calls() {
  const greeting = await $fetch("/api/greeting");
  const via: "in-process" | "network" = greeting.via;
  // @ts-expect-error the answer is the route's (Greeting), not any
  const wrong: number = greeting;
  // @ts-expect-error no route answers /api/clicked
  await $fetch("/api/clicked");
  // @ts-expect-error no DELETE route for /api/clicks
  await $fetch("/api/clicks", { method: "DELETE" });
  return [via, wrong];
}
`,
};

const checks: string[] = [];
afterAll(() => {
  for (const dir of checks) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], cwd: string) {
  // Without the test runner's variables, so the CLI behaves as in a user's `npm run typecheck`.
  const { VITEST: _v, TEST: _t, NODE_ENV: _n, VITEST_WORKER_ID: _w, VITEST_POOL_ID: _p, ...env } = process.env;
  const res = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

it("runs TypeScript 7", () => {
  expect(run([tsc, "-v"], root).output).toMatch(/^Version 7\./);
});

describe.each(STARTERS)("starters/%s", (starter) => {
  const dir = join(root, "starters", starter);

  it("has a typecheck script and a tsconfig.json with the generated route types", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.scripts.typecheck).toBe("edgeplate prepare && tsc --noEmit -p .");
    expect(pkg.devDependencies.typescript).toMatch(/^\^7\./);
    // Not `extends: "./.edgeplate/tsconfig.json"`: Vite reads the tsconfig for every file it
    // transforms, and a fresh copy (before `edgeplate prepare`) has no .edgeplate/ yet.
    const tsconfig = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
    expect(tsconfig.extends).toBe("edgeplate/tsconfig");
    expect(tsconfig.include).toContain(".edgeplate/types/**/*.d.ts");
  });

  it("type-checks against its own route types (edgeplate prepare, tsc --noEmit)", () => {
    const prepared = run([bin, "prepare"], dir);
    expect(prepared.status, prepared.output).toBe(0);
    expect(existsSync(join(dir, ".edgeplate/types/routes.d.ts"))).toBe(true);
    const checked = run([tsc, "--noEmit", "--pretty", "false", "-p", "."], dir);
    expect(checked.output).toBe("");
    expect(checked.status).toBe(0);
  }, 60_000);

  if (starter in WRONG_CALLS)
    it("rejects wrong calls to its routes (each marked @ts-expect-error)", () => {
      const check = join(dir, ".edgeplate/check");
      checks.push(check);
      mkdirSync(check, { recursive: true });
      writeFileSync(join(check, "wrong-calls.ts"), WRONG_CALLS[starter]!);
      writeFileSync(join(check, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", include: ["./*.ts", "../types/**/*.d.ts"] }));
      const checked = run([tsc, "--noEmit", "--pretty", "false", "-p", check], dir);
      expect(checked.output).toBe("");
      expect(checked.status).toBe(0);
      // The directives are not decoration: without them each marked line is an error.
      writeFileSync(join(check, "wrong-calls.ts"), WRONG_CALLS[starter]!.replaceAll("// @ts-expect-error", "//"));
      const marked = WRONG_CALLS[starter]!.split("// @ts-expect-error").length - 1;
      const errors = run([tsc, "--noEmit", "--pretty", "false", "-p", check], dir).output.match(/wrong-calls\.ts\(\d+,\d+\): error TS\d+/g) ?? [];
      expect(new Set(errors.map((e) => e.replace(/,\d+\).*/, ""))).size).toBe(marked);
    }, 60_000);
});
