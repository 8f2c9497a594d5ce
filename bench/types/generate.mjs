// Generates the bench app for `npm run bench:types`: `count` file routes (a mix of static, param,
// catch-all, method-split and zod-validated routes) and one `$fetch` call per route in `src/`,
// written so they type-check with the route types (and, untyped, without them).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const CALLS_PER_FILE = 50;

/** The ten kinds of route, in turn: route files (relative to `routes/`) and the call that reaches each. */
function route(i) {
  const dir = `api/g${Math.floor(i / 10)}`;
  const n = i % 10;
  switch (n) {
    case 0:
    case 1:
      return { file: `${dir}/plain${n}.ts`, code: plain(i), call: `$fetch("/${dir}/plain${n}")` };
    case 2:
      return { file: `${dir}/items.get.ts`, code: plain(i), call: `$fetch("/${dir}/items")` };
    case 3:
      return { file: `${dir}/items.post.ts`, code: validated(i), call: `$fetch("/${dir}/items", { method: "POST", body: { name: "x", count: 1 }, query: { tag: "a" } })` };
    case 4:
      return { file: `${dir}/users/[id].get.ts`, code: param(i, "id"), call: "$fetch(`/" + dir + "/users/${id}`)" };
    case 5:
      return {
        file: `${dir}/users/[id].put.ts`,
        code: validated(i),
        call: "$fetch(`/" + dir + '/users/${id}`, { method: "PUT", body: { name: "x", count: 2 }, query: { tag: "b" } })',
      };
    case 6:
      return { file: `${dir}/posts/[slug]/comments.get.ts`, code: param(i, "slug"), call: "$fetch(`/" + dir + "/posts/${id}/comments`)" };
    case 7:
      return { file: `${dir}/files/[...path].ts`, code: param(i, "path"), call: `$fetch("/${dir}/files/a/b/c.txt")` };
    case 8:
      return { file: `${dir}/search.get.ts`, code: validated(i), call: `$fetch("/${dir}/search")` };
    default:
      return { file: `${dir}/stats.delete.ts`, code: plain(i), call: `$fetch("/${dir}/stats", { method: "DELETE" })` };
  }
}

const plain = (i) => `import { defineHandler } from "edgeplate";

export default defineHandler(() => ({ route: ${i}, ok: true as const, tags: ["a", "b"], nested: { at: Date.now() } }));
`;

const param = (i, name) => `import { defineHandler, getRouterParam } from "edgeplate/h3";

export default defineHandler((event) => ({ route: ${i}, ${JSON.stringify(name)}: getRouterParam(event, ${JSON.stringify(name)})! }));
`;

// `search` validates only an optional query, so it can be called without options.
const validated = (i) => `import { defineValidatedHandler } from "edgeplate";
import { z } from "zod";

export default defineValidatedHandler({
  validate: {
    ${i % 10 === 8 ? "" : "body: z.object({ name: z.string().min(1), count: z.number().int().default(0) }),\n    "}query: z.object({ tag: z.string()${i % 10 === 8 ? ".optional()" : ""} })${i % 10 === 8 ? ".partial()" : ""},
  },
  handler: async (event) => ({ route: ${i}, tag: event.url.searchParams.get("tag") }),
});
`;

/**
 * Writes the app to `dir` (replacing it): `count` routes, `calls` `$fetch` call sites (default one
 * per route; fewer are spread evenly over the routes), and a tsconfig with and one without the
 * route types.
 */
export function generateApp(dir, count, calls = count) {
  rmSync(dir, { recursive: true, force: true });
  const all = [];
  for (let i = 0; i < count; i++) {
    const r = route(i);
    const file = join(dir, "routes", r.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, r.code);
    all.push(r.call);
  }
  // Every kind of route in turn, from groups spread over the app.
  const n = Math.min(calls, count);
  const picked = Array.from({ length: n }, (_, k) => {
    const at = Math.floor((k * count) / n);
    return all[Math.min(count - 1, at - (at % 10) + (k % 10))];
  });
  mkdirSync(join(dir, "src"), { recursive: true });
  for (let f = 0; f * CALLS_PER_FILE < picked.length; f++) {
    const chunk = picked.slice(f * CALLS_PER_FILE, (f + 1) * CALLS_PER_FILE);
    // Each answer used on its own (collected into one array literal, the 50 response types would be
    // compared with each other, which measures TypeScript's union reduction, not the route types).
    const body = chunk.map((call, k) => `  const r${k} = await ${call};\n  use(r${k});`).join("\n");
    writeFileSync(
      join(dir, "src", `calls-${f}.ts`),
      `import { $fetch } from "edgeplate/client";\n\ndeclare function use(value: unknown): void;\n\nexport async function calls${f}(id: string): Promise<void> {\n${body}\n}\n`,
    );
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: `bench-types-${count}`, private: true, type: "module" }, null, 2)}\n`);
  // Both type-check the same routes and calls; only the first sees `.edgeplate/types/`.
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify({ extends: "./.edgeplate/tsconfig.json" }, null, 2)}\n`);
  writeFileSync(join(dir, "tsconfig.untyped.json"), `${JSON.stringify({ extends: "./.edgeplate/tsconfig.json", include: ["routes", "src"] }, null, 2)}\n`);
}
